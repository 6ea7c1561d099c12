import Link from "next/link";

/** The designed frame of the not-found and error pages. */
export function MessagePage({
  code,
  title,
  text,
  children,
}: {
  code?: string;
  title: string;
  text: string;
  children?: React.ReactNode;
}) {
  return (
    <div className="container-page flex flex-col items-center py-20 text-center">
      {code ? (
        <p className="text-7xl font-black text-accent" aria-hidden="true">
          {code}
        </p>
      ) : null}
      <h1 className="mt-4 text-3xl font-black">{title}</h1>
      <p className="mt-3 max-w-lg text-muted">{text}</p>
      <div className="mt-8 flex flex-wrap justify-center gap-3">{children}</div>
    </div>
  );
}

export function HomeLinks({ home, catalog }: { home: string; catalog: string }) {
  return (
    <>
      <Link href="/" className="btn btn-primary">
        {home}
      </Link>
      <Link href="/catalog" className="btn btn-outline">
        {catalog}
      </Link>
    </>
  );
}
