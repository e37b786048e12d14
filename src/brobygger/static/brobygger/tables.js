/* Tables on a phone. Below 600 px a table with the class "stack" shows each row as a card:
   every cell gets its column's header as a label (data-label, shown by the stylesheet), so no
   column is hidden off-screen. The roles keep the table's meaning for a screen reader when the
   stylesheet turns its rows into blocks. Without this script the table scrolls sideways. */
(function () {
  'use strict'

  function label (table) {
    if (table.dataset.stacked) return
    const headers = Array.from(table.querySelectorAll(':scope > thead > tr > th')).map(function (th) {
      return th.textContent.trim()
    })
    table.setAttribute('role', 'table')
    table.querySelectorAll(':scope > thead, :scope > tbody, :scope > tfoot').forEach(function (group) {
      group.setAttribute('role', 'rowgroup')
    })
    table.querySelectorAll(':scope > thead > tr > th').forEach(function (th) {
      th.setAttribute('role', 'columnheader')
    })
    table.querySelectorAll(':scope > * > tr').forEach(function (row) {
      row.setAttribute('role', 'row')
    })
    table.querySelectorAll(':scope > tbody > tr, :scope > tfoot > tr').forEach(function (row) {
      let column = 0
      Array.from(row.children).forEach(function (cell) {
        cell.setAttribute('role', cell.tagName === 'TH' ? 'rowheader' : 'cell')
        const text = headers[column]
        if (text && cell.tagName === 'TD' && !cell.hasAttribute('data-label')) cell.setAttribute('data-label', text)
        if (!cell.textContent.trim() && !cell.querySelector('input, select, button, img')) {
          cell.classList.add('is-blank')  // a card shows no label over nothing
        }
        column += cell.colSpan || 1
      })
    })
    table.dataset.stacked = 'true'
  }

  function labelAll (root) {
    root.querySelectorAll('table.stack').forEach(label)
  }

  document.addEventListener('DOMContentLoaded', function () { labelAll(document) })
  document.addEventListener('htmx:afterSwap', function (event) { labelAll(event.target) })
})()
