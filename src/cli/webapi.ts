import { Argument, type Command } from 'commander';
import { DecodeError, WebapiClient, WebapiError, WebapiHttpError, decodeValue, exampleValue, goJson, methodSpec, methods, webapiDocsUrl, type MethodName } from '../webapi/index.js';
import { fatal } from './util.js';

/** mox's printJSON: Go's JSON encoder with every line indented by `indent` and tabs inside. */
function printJson(indent: string, v: unknown): void {
  const text = goJson(v, true);
  process.stdout.write(indent + text.replace(/\n(?=.)/g, `\n${indent}`));
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of process.stdin as AsyncIterable<Buffer>) chunks.push(c);
  return Buffer.concat(chunks).toString('utf8');
}

/** Adds `mox webapi [method [baseurl-with-credentials]]`. */
export function webapiCommand(program: Command): void {
  program
    .command('webapi')
    .usage('[method [baseurl-with-credentials]]')
    .summary('list webapi methods, show their parameters, or call one')
    .description(
      'Lists available methods, prints request/response parameters for method, or calls a method with a request read from standard input.\n\n' +
        'Without arguments, the method names are printed. With a method, an example request and ' +
        'response in JSON. With a method and a base URL, the JSON request is read from standard ' +
        'input, the method is called and its JSON response printed (message data for ' +
        'MessageRawGet and MessagePartGet). The base URL holds the credentials, e.g. ' +
        'http://mox%40localhost:moxmoxmox@localhost:1080/webapi/v0/ for localserve. An error ' +
        `response is printed and the exit code is 1. Documentation: ${webapiDocsUrl}`,
    )
    .addArgument(new Argument('[method]', 'method name, e.g. Send'))
    .addArgument(new Argument('[baseurl]', 'base URL with credentials'))
    .action(async (method: string | undefined, baseUrl: string | undefined) => {
      if (method === undefined) {
        console.log(methods.map((m) => m.name).join('\n'));
        return;
      }
      const spec = methodSpec(method);
      if (!spec) fatal(`unknown method ${JSON.stringify(method)}`);
      if (baseUrl === undefined) {
        console.log('# Example request\n');
        printJson('\t', exampleValue(spec.request));
        console.log();
        if (spec.result === 'bytes') {
          console.log('Output is non-JSON data.');
          return;
        }
        console.log('# Example response\n');
        printJson('\t', exampleValue(spec.result));
        return;
      }
      process.stderr.write('reading request from stdin...\n');
      const text = await readStdin();
      let request: unknown;
      try {
        request = JSON.parse(text);
        decodeValue(spec.request, request, '');
      } catch (err) {
        fatal(`parsing request: ${err instanceof DecodeError || err instanceof SyntaxError ? err.message : String(err)}`);
      }
      let client: WebapiClient;
      try {
        client = new WebapiClient({ baseUrl });
      } catch (err) {
        fatal(`http post: ${(err as Error).message}`);
      }
      try {
        const result = await client.call(spec.name as MethodName, request as never);
        if (Buffer.isBuffer(result)) process.stdout.write(result);
        else printJson('', result);
      } catch (err) {
        if (err instanceof WebapiError) {
          printJson('', err.toJSON());
          process.exit(1);
        }
        if (err instanceof WebapiHttpError) {
          process.stderr.write(`http response ${err.status}\n${err.body}`);
          process.exit(1);
        }
        fatal(`http post: ${(err as Error).message}`);
      }
    });
}
