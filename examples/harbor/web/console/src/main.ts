// Harbor web console entry point. The onboarding flow is not built yet; see
// docs/design/console-onboarding.md.
export function mountConsole(root: HTMLElement): void {
  root.textContent = "Harbor console";
}
