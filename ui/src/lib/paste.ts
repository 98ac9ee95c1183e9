// A paste from a web page, Word or WPS puts the table twice on the clipboard: as plain text (merged cells
// flattened, so a 牵头单位 merged over three rows is in the first only) and as HTML with the structure. The
// core reads the HTML first (crate `fengong`, import/web.rs); this only decides when to send it: while the
// box holds exactly what was pasted. After the user edits the text, or pastes into text already there, the
// text alone is what they see and what is read.

export interface Pasted {
  html: string
  text: string
}

/** What a paste event carried, when its HTML has any structure worth reading (a table, paragraphs). */
export function pastedFrom(data: Pick<DataTransfer, 'getData'> | null | undefined): Pasted | null {
  const html = data?.getData('text/html') ?? ''
  if (!/<(table|tr|td|p|div|br)\b/i.test(html)) return null
  return { html, text: data?.getData('text/plain') ?? '' }
}

const norm = (s: string) => s.replace(/\r\n?/g, '\n').trim()

/** The HTML to send with the box's text: only while the box still holds the pasted text, unedited. */
export function htmlFor(boxText: string, pasted: Pasted | null): string | null {
  return pasted && norm(boxText) === norm(pasted.text) ? pasted.html : null
}
