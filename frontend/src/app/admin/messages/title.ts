import type { Metadata } from "next";
import { requireAdmin } from "@/lib/admin-api/server";
import { adminLocale, adminMessages, type AdminMessages } from "./index";

/** `<title>` of a panel page from its words; guarded like the page (metadata renders alongside it). */
export async function pageMetadata(pick: (messages: AdminMessages) => string): Promise<Metadata> {
  await requireAdmin();
  return { title: pick(adminMessages[await adminLocale()]) };
}
