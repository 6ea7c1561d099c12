import type { Metadata } from "next";
import { getTranslations, setRequestLocale } from "next-intl/server";
import { CredentialsForm } from "@/components/auth/credentials-form";
import { credentialsLabels } from "@/components/auth/credentials-labels";
import { safeReturnTo } from "@/lib/return-to";

export const dynamic = "force-dynamic";

type Props = {
  params: Promise<{ locale: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
};

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const t = await getTranslations({ locale: (await params).locale, namespace: "auth" });
  return { title: t("registerTitle"), robots: { index: false, follow: false }, alternates: { canonical: "/register" } };
}

export default async function RegisterPage({ params, searchParams }: Props) {
  const { locale } = await params;
  setRequestLocale(locale);
  const [t, query] = await Promise.all([getTranslations("auth"), searchParams]);
  return (
    <div className="container-page py-12">
      <h1 className="text-center text-3xl font-black">{t("registerTitle")}</h1>
      <CredentialsForm
        mode="register"
        returnTo={safeReturnTo(query.returnTo)}
        labels={credentialsLabels(t, locale, {
          submit: t("submitRegister"),
          switchQuestion: t("haveAccount"),
          switchLink: t("toLogin"),
        })}
      />
    </div>
  );
}
