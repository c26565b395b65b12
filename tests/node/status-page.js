// Drives the status page in headless Chromium (Debian's, through puppeteer-core): signs in with the admin token,
// finds the import and a failed delivery, presses Replay and sees that delivery pending again, writes a screenshot.
// Usage: node status-page.js BASE_URL ADMIN_TOKEN IMPORT_FILE SCREENSHOT. Prints the replayed guid; exits 1 on a
// failed expectation.
const puppeteer = require("puppeteer-core");

function expect(condition, what) {
  if (!condition) throw new Error("expected " + what);
}

async function main() {
  const [base, token, importFile, screenshot] = process.argv.slice(2);
  const browser = await puppeteer.launch({
    executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
    headless: true,
    args: ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"],
  });
  try {
    const page = await browser.newPage();
    await page.goto(base + "/status", { waitUntil: "load" });
    expect((await page.$('input[name="token"]')) !== null, "a sign-in form");
    expect(!page.url().includes(token), "no token in the URL");
    await page.type('input[name="token"]', token);
    await Promise.all([page.waitForNavigation({ waitUntil: "load" }), page.click('button[type="submit"]')]);
    expect(!page.url().includes(token), "no token in the URL after signing in");

    const cookies = await page.cookies();
    const session = cookies.find((c) => c.name === "sohub_session");
    expect(session && session.httpOnly, "an HttpOnly session cookie");
    expect(session.sameSite === "Strict", "a SameSite=Strict session cookie, got " + (session && session.sameSite));
    expect(session.expires > Date.now() / 1000, "a session cookie with an expiry");
    expect(await page.evaluate(() => document.cookie === ""), "the cookie out of the page's scripts' reach");

    const imports = await page.$eval("#imports", (t) => t.innerText);
    expect(imports.includes(importFile), "the import " + importFile + " listed, got: " + imports);
    const failed = await page.$$eval("#deliveries tr[data-guid]", (rows) =>
      rows.filter((r) => r.querySelector("td.state").innerText.trim() === "failed").map((r) => r.dataset.guid));
    expect(failed.length > 0, "a failed delivery listed");
    const guid = failed[0];

    await Promise.all([
      page.waitForNavigation({ waitUntil: "load" }),
      page.click(`#deliveries tr[data-guid="${guid}"] button.replay`),
    ]);
    const notice = await page.$eval("#notice", (n) => n.innerText);
    expect(notice.includes("Replayed"), "the replay confirmed, got: " + notice);
    const stateOf = () => page.$eval(`#deliveries tr[data-guid="${guid}"] td.state`, (td) => td.innerText.trim());
    let state = await stateOf();
    // The dispatcher takes a replayed delivery at once: while its attempt is under way the page says delivering.
    for (let i = 0; i < 10 && state === "delivering"; ++i) {
      await new Promise((resolve) => setTimeout(resolve, 300));
      await page.reload({ waitUntil: "load" });
      state = await stateOf();
    }
    expect(state === "pending", "the delivery pending again, got " + state);
    await page.screenshot({ path: screenshot, fullPage: true });
    console.log(guid);
  } finally {
    await browser.close();
  }
}

main().catch((error) => {
  console.error(error.message);
  process.exit(1);
});
