"use client";

import { ErrorScreen } from "@/components/site/status-screens";

export default function ErrorPage(props: { error: Error & { digest?: string }; reset: () => void }) {
  return <ErrorScreen {...props} />;
}
