import { test, expect } from "@playwright/test";

// Journey: rebuild a whole host from an off-site target onto clean hardware.
// Runs against the drill environment described in
// docs/release-control/h2/records/restore-drill-plan-2026-11-20.md.
test("full host restore from an off-site target", async ({ page }) => {
  await page.goto("/hosts/drill-host/restore");
  await page.getByRole("button", { name: "Restore whole host" }).click();
  await expect(page.getByText("Host restore finished")).toBeVisible({ timeout: 4 * 60 * 60 * 1000 });
});
