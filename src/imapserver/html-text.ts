// HTML to plain text for message previews (RFC 8970 §3.3 allows a preview from an HTML body),
// with the rules mox applies: text of head, script, style and similar elements is dropped,
// block elements end with a newline, inline ones do not, table cells end with a space, text in
// blockquote gets "> " per level (so the preview rules see it as quoted), whitespace runs are
// collapsed. A small tokenizer with an element stack stands in for a full HTML5 tree builder:
// the implied html/head/body structure and the common implied end tags are modelled.

// Elements whose text (and that of everything inside them) is ignored.
const ignored = new Set(['dialog', 'head', 'map', 'math', 'script', 'style', 'svg', 'template', 'title']);
// Inline elements: no line break around their text. Cells (td, th) get a space after them.
const inline = new Set([
  'a', 'abbr', 'b', 'bdi', 'bdo', 'cite', 'code', 'data', 'dfn', 'em', 'i', 'kbd', 'mark', 'q', 'rp', 'rt', 'ruby', 's',
  'samp', 'small', 'span', 'strong', 'sub', 'sup', 'time', 'u', 'var', 'wbr', 'del', 'ins', 'td', 'th',
]);
const voidElements = new Set(['area', 'base', 'br', 'col', 'embed', 'hr', 'img', 'input', 'link', 'meta', 'param', 'source', 'track', 'wbr']);
// Elements whose content is raw text up to their end tag.
const rawText = new Set(['script', 'style', 'textarea', 'title', 'xmp', 'iframe', 'noembed', 'noframes', 'plaintext']);
// Start tags that close an open <p> (HTML5 "close a p element").
const closesP = new Set([
  'address', 'article', 'aside', 'blockquote', 'details', 'div', 'dl', 'fieldset', 'figcaption', 'figure', 'footer', 'form',
  'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'header', 'hr', 'main', 'menu', 'nav', 'ol', 'p', 'pre', 'section', 'table', 'ul', 'li', 'dd', 'dt',
]);
// Elements allowed in head; anything else starts the body.
const headContent = new Set(['base', 'link', 'meta', 'noscript', 'script', 'style', 'template', 'title']);
// Scope boundaries when looking for an open element to close implicitly.
const scopeBoundary = new Set(['table', 'td', 'th', 'button', 'html', 'template', 'caption']);

// Open elements kept at most; deeper ones are flattened, so hostile nesting stays linear.
const maxDepth = 256;

const entities: Record<string, string> = {
  amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0', copy: '©', reg: '®', trade: '™', hellip: '…',
  mdash: '—', ndash: '–', lsquo: '‘', rsquo: '’', ldquo: '“', rdquo: '”', laquo: '«', raquo: '»', bull: '•',
  middot: '·', euro: '€', pound: '£', yen: '¥', cent: '¢', sect: '§', deg: '°', plusmn: '±', times: '×', divide: '÷',
  zwnj: '\u200c', zwj: '\u200d', shy: '\u00ad', ensp: '\u2002', emsp: '\u2003', thinsp: '\u2009', zwsp: '\u200b',
};

/** Decodes character references: named (a common subset), decimal and hexadecimal. */
export function decodeEntities(s: string): string {
  if (!s.includes('&')) return s;
  return s.replace(/&(#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[a-zA-Z][a-zA-Z0-9]{1,31});?/g, (m, ref: string) => {
    if (ref.startsWith('#')) {
      const n = ref[1] === 'x' || ref[1] === 'X' ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
      return n > 0 && n <= 0x10ffff && (n < 0xd800 || n > 0xdfff) ? String.fromCodePoint(n) : '\ufffd';
    }
    const v = entities[ref.toLowerCase()];
    // Without ";" only the entities old HTML allowed bare.
    if (v === undefined || (!m.endsWith(';') && !['amp', 'lt', 'gt', 'quot', 'nbsp'].includes(ref.toLowerCase()))) return m;
    return v;
  });
}

interface Frame {
  name: string;
  inline: boolean;
  ignore: boolean;
}

/** Builds the text while elements open and close. */
class TextBuilder {
  text = '';
  private readonly stack: Frame[] = [{ name: 'body', inline: false, ignore: false }];
  /** Open elements by name, so most lookups need no walk over the stack. */
  private readonly counts = new Map<string, number>();
  private quote = 0;

  constructor(private readonly max: number) {}

  get full(): boolean {
    return this.text.length >= this.max;
  }

  private open(name: string): boolean {
    return (this.counts.get(name) ?? 0) > 0;
  }

  private push(f: Frame): void {
    this.stack.push(f);
    this.counts.set(f.name, (this.counts.get(f.name) ?? 0) + 1);
  }

  private pop(): Frame {
    const f = this.stack.pop()!;
    this.counts.set(f.name, this.counts.get(f.name)! - 1);
    return f;
  }

  /** Index of an open element `name` above the nearest scope boundary, or -1. */
  private inScope(name: string, boundary: Set<string> = scopeBoundary): number {
    if (!this.open(name)) return -1;
    for (let i = this.stack.length - 1; i > 0; i--) {
      const n = this.stack[i]!.name;
      if (n === name) return i;
      if (boundary.has(n)) return -1;
    }
    return -1;
  }

  /** Closes the element at `index` and everything above it; the root (0) stays. */
  private popTo(index: number): void {
    if (index < 1) return;
    while (this.stack.length > index) this.end(this.pop());
  }

  private end(f: Frame): void {
    if (f.name === 'blockquote') this.quote--;
    if (!f.inline) {
      if (!this.text.endsWith('\n\n')) this.text += '\n';
    } else if ((f.name === 'td' || f.name === 'th') && !this.text.endsWith(' ')) {
      this.text += ' ';
    }
  }

  startTag(name: string): void {
    if (name === 'html') return;
    if (name === 'body') {
      const h = this.inScope('head');
      if (h > 0) this.popTo(h);
      return;
    }
    if (this.open('head') && !headContent.has(name)) this.popTo(this.inScope('head'));
    if (closesP.has(name)) {
      const p = this.inScope('p');
      if (p > 0) this.popTo(p);
    }
    if (name === 'li') this.closeOpen(['li'], ['ul', 'ol']);
    if (name === 'dt' || name === 'dd') this.closeOpen(['dt', 'dd'], ['dl']);
    if (name === 'tr') this.closeOpen(['tr'], ['table']);
    if (name === 'td' || name === 'th') this.closeOpen(['td', 'th'], ['tr', 'table']);
    if (name === 'option') this.closeOpen(['option'], ['select']);
    if (/^h[1-6]$/.test(name)) this.closeOpen(['h1', 'h2', 'h3', 'h4', 'h5', 'h6'], []);
    const parentIgnored = this.stack[this.stack.length - 1]!.ignore;
    const f: Frame = { name, inline: inline.has(name), ignore: parentIgnored || ignored.has(name) };
    if (name === 'blockquote') this.quote++;
    if (voidElements.has(name)) {
      this.end(f);
      return;
    }
    if (this.stack.length >= maxDepth) return;
    this.push(f);
  }

  /** Closes the innermost open element among `names`, unless one of `stop` is open closer. */
  private closeOpen(names: string[], stop: string[]): void {
    if (!names.some((n) => this.open(n))) return;
    for (let i = this.stack.length - 1; i > 0; i--) {
      const n = this.stack[i]!.name;
      if (names.includes(n)) {
        this.popTo(i);
        return;
      }
      if (stop.includes(n) || scopeBoundary.has(n)) return;
    }
  }

  endTag(name: string): void {
    if (name === 'html' || name === 'body') return;
    if (name === 'br') {
      this.startTag('br');
      return;
    }
    for (let i = this.open(name) ? this.stack.length - 1 : 0; i > 0; i--) {
      if (this.stack[i]!.name === name) {
        this.popTo(i);
        return;
      }
    }
    // HTML5: "</p>" without an open p makes an empty paragraph.
    if (name === 'p') this.end({ name: 'p', inline: false, ignore: false });
  }

  textNode(raw: string): void {
    const top = this.stack[this.stack.length - 1]!;
    let s = raw.replace(/\r/g, '').replace(/\t/g, ' ');
    s = s.replace(/ +/g, ' ').replace(/\n\n\n+/g, '\n').replace(/[\u00a0\u200b\u200c\u200d]{2,}/g, '');
    const ts = s.trim();
    if (top.name === 'head' && ts !== '') {
      // Text in head itself starts the body.
      this.popTo(this.stack.length - 1);
      this.textNode(raw);
      return;
    }
    if (top.ignore) return;
    if (!top.inline && ts === '') return;
    if (ts === '' && (s.endsWith(' ') || s.endsWith('\n'))) return;
    if (this.quote > 0) {
      const q = '> '.repeat(this.quote);
      s = s.replace(/[^\n]*\n|[^\n]+$/g, (l) => q + l);
    }
    this.text += s;
  }

  finish(): string {
    this.popTo(1);
    this.end(this.stack[0]!);
    return this.text.trim().replace(/[ \t]+/g, ' ');
  }
}

/** Index of the end of a tag starting at `i` ('<'), skipping quoted attribute values; -1 when unterminated. */
function tagEnd(html: string, i: number): number {
  let q = '';
  for (let j = i + 1; j < html.length; j++) {
    const c = html[j]!;
    if (q) {
      if (c === q) q = '';
    } else if (c === '"' || c === "'") {
      // Only quotes that start an attribute value count.
      if (html[j - 1] === '=' || /=\s*$/.test(html.slice(Math.max(i, j - 8), j))) q = c;
    } else if (c === '>') return j;
  }
  return -1;
}

/**
 * Returns the readable text of an HTML document, for a preview: at most about `max`
 * characters (text beyond is not needed: previews are 256 characters at most).
 */
export function htmlToText(html: string, max = 4096): string {
  const b = new TextBuilder(max);
  const tagStart = /<(\/?)([a-zA-Z][^\s/>]{0,63})/y;
  let i = 0;
  while (i < html.length && !b.full) {
    const lt = html.indexOf('<', i);
    if (lt < 0) {
      b.textNode(decodeEntities(html.slice(i)));
      break;
    }
    if (lt > i) {
      b.textNode(decodeEntities(html.slice(i, lt)));
      i = lt;
      continue;
    }
    if (html.startsWith('<!--', i)) {
      const e = html.indexOf('-->', i + 4);
      i = e < 0 ? html.length : e + 3;
      continue;
    }
    tagStart.lastIndex = i;
    const m = tagStart.exec(html);
    if (!m) {
      if (html[i + 1] === '!' || html[i + 1] === '?' || html[i + 1] === '/') {
        // Doctype, processing instruction or bogus comment.
        const e = html.indexOf('>', i);
        i = e < 0 ? html.length : e + 1;
      } else {
        b.textNode('<');
        i++;
      }
      continue;
    }
    const e = tagEnd(html, i);
    if (e < 0) break;
    const name = m[2]!.toLowerCase();
    i = e + 1;
    if (m[1]) {
      b.endTag(name);
      continue;
    }
    b.startTag(name);
    if (html[e - 1] === '/' && !voidElements.has(name) && (name === 'svg' || name === 'math')) {
      // Self-closing foreign element.
      b.endTag(name);
      continue;
    }
    if (rawText.has(name)) {
      // name is one of the rawText names: no regular expression syntax in it.
      const re = new RegExp(`</${name}`, 'gi');
      re.lastIndex = i;
      const close = re.exec(html)?.index ?? -1;
      const body = html.slice(i, close < 0 ? html.length : close);
      b.textNode(name === 'textarea' || name === 'title' ? decodeEntities(body) : body);
      if (close < 0) break;
      const ce = html.indexOf('>', close);
      i = ce < 0 ? html.length : ce + 1;
      b.endTag(name);
    }
  }
  return b.finish();
}
