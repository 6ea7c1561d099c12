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
  return { title: t("loginTitle"), robots: { index: false, follow: false }, alternates: { canonical: "/login" } };
}

export default async function LoginPage({ params, searchParams }: Props) {
  const { locale } = await params;
  setRequestLocale(locale);
  const [t, query] = await Promise.all([getTranslations("auth"), searchParams]);
  return (
    <div className="container-page py-12">
      <h1 className="text-center text-3xl font-black">{t("loginTitle")}</h1>
      <CredentialsForm
        mode="login"
        returnTo={safeReturnTo(query.returnTo)}
        labels={credentialsLabels(t, locale, {
          submit: t("submitLogin"),
          switchQuestion: t("noAccount"),
          switchLink: t("toRegister"),
        })}
      />
    </div>
  );
}
