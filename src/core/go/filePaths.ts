// File names as printed in stacks, shortened for people: absolute (`/home/u/src/app/main.go`),
// `-trimpath` module- or GOROOT-relative (`shopd/main.go`, `net/http/server.go`), or Windows.

/** The last path element: `/home/u/src/app/main.go` → `main.go`. */
export function baseName(file: string): string {
  const i = Math.max(file.lastIndexOf('/'), file.lastIndexOf('\\'));
  return i < 0 ? file : file.slice(i + 1);
}

/** The last two path elements, enough to tell `api/handlers.go` from `db/handlers.go`. */
export function shortFile(file: string): string {
  return file.split(/[/\\]/).slice(-2).join('/');
}
