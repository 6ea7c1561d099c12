/** Words for enum values: a raw enum value never reaches the page. */
type Translate = (key: string) => string;

export function statusLabel(t: Translate, status: string | null | undefined): string {
  return status === "ongoing" || status === "completed" || status === "upcoming"
    ? t(`enums.status.${status}`)
    : t("enums.status.unknown");
}

export function translationTypeLabel(t: Translate, type: string | null | undefined): string {
  return type === "voice" || type === "subtitles"
    ? t(`enums.translationType.${type}`)
    : t("enums.translationType.unknown");
}

export const STATUS_BADGE: Record<string, string> = {
  ongoing: "bg-ok/15 text-ok",
  completed: "bg-surface-2 text-muted",
  upcoming: "bg-warn/15 text-warn",
};
