/**
 * A count in words for client islands, with the browser's own plural rules (no message-format library shipped):
 * `templates` has a form per CLDR category ("one", "few", "many", "other"; "#" stands for the number).
 */
export function plural(locale: string, count: number, templates: Partial<Record<Intl.LDMLPluralRule, string>>): string {
  const category = new Intl.PluralRules(locale).select(count);
  const template = templates[category] ?? templates.other ?? "#";
  return template.replace("#", new Intl.NumberFormat(locale).format(count));
}
