"use client";

import { useFormatter, useTranslations } from "next-intl";
import type { AnimeStatus, AuditAction, ResourceType } from "@/lib/admin-api/types";

/** Dates as the admin reads them (the provider's time zone: Moscow). */
export function useDateText() {
  const format = useFormatter();
  return (value: string | null | undefined): string =>
    value ? format.dateTime(new Date(value), { dateStyle: "medium", timeStyle: "short" }) : "—";
}

/** Enum values as words, never raw. */
export function useEnumText() {
  const t = useTranslations("enums");
  return {
    status: (value: AnimeStatus | null | undefined) => t(`status.${value ?? "none"}`),
    action: (value: string) =>
      (["create", "update", "attach", "detach", "delete", "unlock", "rebuild"] as const).includes(value as AuditAction)
        ? t(`action.${value as AuditAction}`)
        : value,
    resource: (value: string) =>
      (["anime", "episode", "video_source", "video_source_state", "read_models"] as const).includes(
        value as ResourceType,
      )
        ? t(`resource.${value as ResourceType}`)
        : value,
    source: (value: string) => (value === "admin" ? t("source.admin") : value),
  };
}
