/** A service shown on the index page. */
export interface ServiceLink {
  label: string;
  url: string;
  note?: string;
}

function esc(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** A small HTML page listing what this server offers, for "/" on the HTTP listeners. */
export function indexPage(title: string, intro: string, links: ServiceLink[]): string {
  const items = links
    .map((l) => `<li><a href="${esc(l.url)}">${esc(l.label)}</a>${l.note ? ` <span>${esc(l.note)}</span>` : ''}</li>`)
    .join('\n');
  return `<!doctype html>
<html><head><meta charset="utf-8"><title>${esc(title)}</title>
<style>body{font-family:system-ui,sans-serif;margin:2em;max-width:50em}span{color:#666}code{background:#eee;padding:0 .2em}</style>
</head><body>
<h1>${esc(title)}</h1>
<p>${esc(intro)}</p>
<ul>
${items}
</ul>
</body></html>
`;
}
