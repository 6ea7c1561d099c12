import type { Metadata } from "next";
import { getTranslations, setRequestLocale } from "next-intl/server";
import { safeReturnTo } from "@/lib/return-to";
import { CredentialsForm } from "./credentials-form";
import { credentialsLabels } from "./credentials-labels";

type Mode = "login" | "register";

/** The words that differ between the two pages (keys of the `auth` messages). */
const KEYS = {
  login: { title: "loginTitle", submit: "submitLogin", switchQuestion: "noAccount", switchLink: "toRegister" },
  register: { title: "registerTitle", submit: "submitRegister", switchQuestion: "haveAccount", switchLink: "toLogin" },
} as const;

export type AuthPageProps = {
  params: Promise<{ locale: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
};

export async function authMetadata(mode: Mode, { params }: AuthPageProps): Promise<Metadata> {
  const t = await getTranslations({ locale: (await params).locale, namespace: "auth" });
  return { title: t(KEYS[mode].title), robots: { index: false, follow: false }, alternates: { canonical: `/${mode}` } };
}

/** `/login` and `/register`: the heading and the credentials form, `returnTo` kept to same-site paths. */
export async function AuthPage({ mode, params, searchParams }: AuthPageProps & { mode: Mode }) {
  const { locale } = await params;
  setRequestLocale(locale);
  const [t, query] = await Promise.all([getTranslations("auth"), searchParams]);
  const keys = KEYS[mode];
  return (
    <div className="container-page py-12">
      <h1 className="text-center text-3xl font-black">{t(keys.title)}</h1>
      <CredentialsForm
        mode={mode}
        returnTo={safeReturnTo(query.returnTo)}
        labels={credentialsLabels(t, locale, {
          submit: t(keys.submit),
          switchQuestion: t(keys.switchQuestion),
          switchLink: t(keys.switchLink),
        })}
      />
    </div>
  );
}
