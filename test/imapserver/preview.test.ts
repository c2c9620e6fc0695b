// Preview rules (RFC 8970, as Go mox makes previews): plain-text cleanup and HTML to text.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeEntities, htmlToText } from '../../src/imapserver/html-text.js';
import { previewFromText } from '../../src/imapserver/preview.js';

test('preview text: empty lines dropped, trailing signature left out', () => {
  assert.equal(previewFromText('Hi Bob,\r\n\r\nSee you tomorrow.\r\n\r\n-- \r\nAlice\r\nExample Corp\r\n'), 'Hi Bob,\nSee you tomorrow.\n');
  // Not a signature: five or more lines below the dashes, or an empty line among them.
  assert.equal(previewFromText('text\n--\na\nb\nc\nd\ne\n'), 'text\n--\na\nb\nc\nd\ne\n');
  assert.equal(previewFromText('text\n--\na\n\nb\n'), 'text\n--\na\nb\n');
  assert.equal(previewFromText(''), '');
  assert.equal(previewFromText('\n\n'), '');
});

test('preview text: quoted text and "On ... wrote:" become one [...]', () => {
  const reply = 'Sounds good.\n\nOn Mon, 2 Jan 2006 at 15:04, Alice wrote:\n> Lunch?\n> At noon\n';
  assert.equal(previewFromText(reply), 'Sounds good.\n[...]\n');
  // Top-posted answer below a wrapped "On ..." line of two lines.
  const wrapped = 'On Mon, 2 Jan 2006, Alice Example <alice@example.org>\nwrote:\n\n> hi\n> there\nMy answer\n';
  assert.equal(previewFromText(wrapped), '[...]\nMy answer\n');
  // A line with a colon but no quote below it is text; without digits a colon line after text stays.
  assert.equal(previewFromText('Note:\nplain line\n'), 'Note:\nplain line\n');
  assert.equal(previewFromText('Hello\nAlice wrote:\n> q\nok\n'), 'Hello\nAlice wrote:\n[...]\nok\n');
  // The author's own "[...]" right after a snip is not repeated.
  assert.equal(previewFromText('> a\n[...]\nb\n'), '[...]\nb\n');
});

test('preview text: stops after about 250 bytes, cut at 256 characters', () => {
  const long = `${'x'.repeat(300)}\nnext\n`;
  const p = previewFromText(long);
  assert.equal([...p].length, 256);
  assert.ok(!p.includes('next'));
  const lines = Array.from({ length: 40 }, (_, i) => `line ${i} with some words`).join('\n');
  const q = previewFromText(lines);
  assert.ok(Buffer.byteLength(q) > 250 && [...q].length <= 256, q);
  assert.ok(!q.includes('line 39'));
  // Characters, not bytes: 300 "ü" are cut at 256 characters.
  assert.equal([...previewFromText('ü'.repeat(300))].length, 256);
});

test('html to text: head, script and style ignored; blocks end lines; inline stays inline', () => {
  const html =
    '<!DOCTYPE html><html><head><title>T</title><style>p{color:red}</style></head>' +
    '<body><p>Hello <b>world</b>!</p><p>Second&nbsp;para</p><script>var x = "<p>no</p>";</script><div>last</div></body></html>';
  // The script element still ends a block (as in mox), hence the empty line.
  assert.equal(htmlToText(html), 'Hello world!\nSecond\u00a0para\n\nlast');
  assert.equal(htmlToText('a<br>b<br/>c'), 'a\nb\nc');
  assert.equal(htmlToText('<table><tr><td>a</td><td>b</td></tr><tr><td>c</td></tr></table>'), 'a b \nc');
  // Implied end tags: a new <p> or <li> closes the previous one.
  assert.equal(htmlToText('<p>one<p>two<ul><li>x<li>y</ul>'), 'one\ntwo\nx\ny');
  assert.equal(htmlToText('<!-- hidden --><span>  spaced   out  </span>'), 'spaced out');
  // Text in blockquote is quoted, so the preview rules turn it into [...].
  assert.equal(htmlToText('<div>Yes.</div><blockquote><p>Original question</p></blockquote>'), 'Yes.\n> Original question');
  assert.equal(previewFromText(htmlToText('<div>Yes.</div><blockquote>Original question</blockquote>')), 'Yes.\n[...]\n');
  // Text right after <head> (no </head>) starts the body.
  assert.equal(htmlToText('<head><meta charset="utf-8">Hi there'), 'Hi there');
  // Attribute values may hold ">".
  assert.equal(htmlToText('<a href="x>y" title=\'a>b\'>link</a> text'), 'link text');
});

test('html entities', () => {
  assert.equal(decodeEntities('&lt;tag&gt; &amp; &#65;&#x42; &hellip; &bogus; &amp'), '<tag> & AB … &bogus; &');
  assert.equal(decodeEntities('&#0; &#xD800;'), '\ufffd \ufffd');
});

test('html to text: deep nesting is flattened, raw text ends are found case-insensitively', () => {
  assert.equal(htmlToText('<div>'.repeat(50_000) + 'deep'), 'deep');
  assert.equal(htmlToText('<script>x</script>'.repeat(10_000) + '<p>after</p>'), 'after');
  assert.equal(htmlToText('<SCRIPT>a</Script>b'), 'b');
  assert.equal(htmlToText('<style>p{}'), '');
});
