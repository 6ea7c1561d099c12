/** `{name}` placeholders of a message filled for client islands (the server hands them raw message strings). */
export function fill(template: string, values: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (match, name: string) => (name in values ? String(values[name]) : match));
}
