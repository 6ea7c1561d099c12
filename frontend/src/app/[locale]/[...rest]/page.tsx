import { notFound } from "next/navigation";

/** Any path no route claims: the designed 404 page of its language (./not-found.tsx). */
export default function UnknownPage() {
  notFound();
}
