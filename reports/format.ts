/** Small Indonesian text helpers shared by the criteria and the sections. */

/** "a, b, c dan 2 lainnya". */
export function listText(items: readonly string[], max = 4): string {
  if (items.length === 0) return '–'
  return items.length <= max ? items.join(', ') : `${items.slice(0, max).join(', ')} dan ${items.length - max} lainnya`
}

/** Cut a label to `max` characters with an ellipsis. */
export const clip = (text: string, max: number): string => (text.length <= max ? text : `${text.slice(0, max - 1).trimEnd()}…`)
