import { describe, expect, it } from 'vitest'
import { EXPORT_FORMATS, exportOptionsFor } from './exportfmt'
import { defaultLayoutOptions } from '../types'

describe('export options follow the preview where the format has a page', () => {
  it('Word takes the page set-up and body size the user previewed', () => {
    const layout = { ...defaultLayoutOptions(), page_setup: 'landscape_bound' as const, body_size: 14, show_doc_number: true, doc_number: '粤府函〔2020〕77号', first_page_number: 5 }
    expect(exportOptionsFor('docx', layout)).toEqual({
      body_size: 14, page_setup: 'landscape_bound', show_doc_number: true, doc_number: '粤府函〔2020〕77号', first_page_number: 5,
    })
  })
  it('Excel keeps its own size and goes landscape unless asked otherwise', () => {
    expect(exportOptionsFor('xlsx', defaultLayoutOptions())).toEqual({ body_size: null, page_setup: null, show_doc_number: false, doc_number: null, first_page_number: null })
    const layout = { ...defaultLayoutOptions(), page_setup: 'landscape' as const }
    expect(exportOptionsFor('xlsx', layout)).toEqual({ body_size: null, page_setup: 'landscape', show_doc_number: false, doc_number: null, first_page_number: null })
  })
  it('CSV and the bundle have no options, and every format has a distinct extension', () => {
    expect(exportOptionsFor('csv', defaultLayoutOptions())).toBeNull()
    expect(exportOptionsFor('json', defaultLayoutOptions())).toBeNull()
    expect(new Set(EXPORT_FORMATS.map((f) => f.format)).size).toBe(EXPORT_FORMATS.length)
  })
})
