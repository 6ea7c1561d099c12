import { PersonalPage, personalMetadata, type PersonalPageProps } from "@/components/personal/personal-page";

export function generateStaticParams() {
  return [];
}

export async function generateMetadata(props: PersonalPageProps) {
  return personalMetadata("history", props);
}

export default async function Page(props: PersonalPageProps) {
  return <PersonalPage name="history" {...props} />;
}
