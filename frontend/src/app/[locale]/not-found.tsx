import { NotFoundScreen } from "@/components/site/status-screens";

export default function NotFound() {
  return <NotFoundScreen kind="page" />;
}
