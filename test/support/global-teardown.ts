export default async function globalTeardown(): Promise<void> {
  // Per-file databases are dropped by their files; the template stays for the next run to replace.
}
