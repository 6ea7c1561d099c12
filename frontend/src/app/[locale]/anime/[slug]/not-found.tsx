import { NotFoundScreen } from "@/components/site/status-screens";

export default function AnimeNotFound() {
  return <NotFoundScreen kind="anime" />;
}
