import type { CredentialsLabels } from "./credentials-form";

type AuthTranslator = { (key: string): string; raw(key: string): unknown };

/** The sign-in form's words, picked on the server (the form ships no message catalogue to the browser). */
export function credentialsLabels(
  t: AuthTranslator,
  locale: string,
  own: Pick<CredentialsLabels, "submit" | "switchQuestion" | "switchLink">,
): CredentialsLabels {
  return {
    locale,
    email: t("email"),
    password: t("password"),
    passwordHint: t("passwordHint"),
    pending: t("pending"),
    ...own,
    errors: {
      invalidCredentials: t("errors.invalidCredentials"),
      emailTaken: t("errors.emailTaken"),
      rateLimitedForms: t.raw("errors.rateLimitedForms") as CredentialsLabels["errors"]["rateLimitedForms"],
      passwordShort: t("errors.passwordShort"),
      passwordCommon: t("errors.passwordCommon"),
      passwordLong: t("errors.passwordLong"),
      emailInvalid: t("errors.emailInvalid"),
      network: t("errors.network"),
      generic: t("errors.generic"),
    },
  };
}
