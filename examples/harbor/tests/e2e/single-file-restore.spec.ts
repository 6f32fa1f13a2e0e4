import { test, expect } from "@playwright/test";

// Journey: a first-time operator restores one file from an S3 target
// through the console, without touching the CLI.
test("restore a single file from an S3 target", async ({ page }) => {
  await page.goto("/jobs/demo-s3");
  await page.getByRole("button", { name: "Browse snapshots" }).click();
  await page.getByText("notes.txt").click();
  await page.getByRole("button", { name: "Restore" }).click();
  await expect(page.getByText("Restore finished")).toBeVisible();
});
