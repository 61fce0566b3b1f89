// Drives Debian's chromium (headless, over the DevTools protocol on a pipe,
// no npm package needed) through the web UI served at URL: search a name
// from the example corpus with the keyboard, open an article, check that a
// highlighted entity and a quote are visible, open an entity's page and the
// events table, and save screenshots (1280 px and phone width) to OUT_DIR.
//
//   node drive.mjs URL OUT_DIR        (CHROMIUM=/path/to/chromium to override)
//
// Prints one line per step; exits 1 with the reason on the first failure.

import { spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync, mkdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const [url, outDir] = process.argv.slice(2);
if (!url || !outDir) {
  console.error("usage: node drive.mjs URL OUT_DIR");
  process.exit(2);
}
mkdirSync(outDir, { recursive: true });
const chromium = process.env.CHROMIUM || "/usr/bin/chromium";
const profile = mkdtempSync(join(tmpdir(), "tidings-chromium-"));
const child = spawn(chromium, [
  "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
  "--no-first-run", "--no-default-browser-check", "--disable-extensions",
  "--remote-debugging-pipe", `--user-data-dir=${profile}`, "about:blank",
], { stdio: ["ignore", "ignore", "pipe", "pipe", "pipe"] });
let stderr = "";
child.stderr.on("data", (chunk) => { stderr += chunk; });

// The protocol: JSON messages separated by NUL bytes, ours on fd 3, its on fd 4.
let nextId = 0;
const pending = new Map();
let buffer = Buffer.alloc(0);
child.stdio[4].on("data", (chunk) => {
  buffer = Buffer.concat([buffer, chunk]);
  let end;
  while ((end = buffer.indexOf(0)) >= 0) {
    const message = JSON.parse(buffer.subarray(0, end).toString("utf8"));
    buffer = buffer.subarray(end + 1);
    const waiter = pending.get(message.id);
    if (waiter) {
      pending.delete(message.id);
      if (message.error) waiter.reject(new Error(`${waiter.method}: ${JSON.stringify(message.error)}`));
      else waiter.resolve(message.result);
    }
  }
});
let session;
function send(method, params = {}) {
  return new Promise((resolve, reject) => {
    const id = ++nextId;
    pending.set(id, { resolve, reject, method });
    const message = { id, method, params };
    if (session && !method.startsWith("Target.")) message.sessionId = session;
    child.stdio[3].write(JSON.stringify(message) + "\0");
  });
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

async function evaluate(expression) {
  const result = await send("Runtime.evaluate", { expression, returnByValue: true, awaitPromise: true });
  if (result.exceptionDetails) throw new Error(`page error in ${expression}: ${JSON.stringify(result.exceptionDetails)}`);
  return result.result.value;
}

async function waitFor(what, expression, ms = 15000) {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    const value = await evaluate(expression).catch(() => null);
    if (value) return value;
    await sleep(100);
  }
  throw new Error(`timed out waiting for ${what}`);
}

async function key(key, code, keyCode, text) {
  await send("Input.dispatchKeyEvent", { type: "keyDown", key, code, windowsVirtualKeyCode: keyCode, text });
  await send("Input.dispatchKeyEvent", { type: "keyUp", key, code, windowsVirtualKeyCode: keyCode });
}

/** Clicks the centre of the first element `selector` finds (scrolled into view). */
async function click(what, selector) {
  const box = await waitFor(what, `(() => {
    const node = document.querySelector(${JSON.stringify(selector)});
    if (!node) return null;
    node.scrollIntoView({ block: "center" });
    const r = node.getBoundingClientRect();
    return r.width > 0 && r.height > 0 ? { x: r.left + r.width / 2, y: r.top + r.height / 2 } : null;
  })()`);
  for (const type of ["mousePressed", "mouseReleased"]) {
    await send("Input.dispatchMouseEvent", { type, x: box.x, y: box.y, button: "left", clickCount: 1 });
  }
}

async function screenshot(name) {
  const shot = await send("Page.captureScreenshot", { format: "png" });
  const path = join(outDir, name);
  writeFileSync(path, Buffer.from(shot.data, "base64"));
  console.log(`screenshot ${path}`);
}

async function viewport(width, height, mobile) {
  await send("Emulation.setDeviceMetricsOverride", { width, height, deviceScaleFactor: 1, mobile });
}

/** True when `selector` finds an element that is on the screen and not hidden. */
function visible(selector) {
  return `(() => {
    const node = document.querySelector(${JSON.stringify(selector)});
    if (!node) return false;
    node.scrollIntoView({ block: "center" });
    const r = node.getBoundingClientRect();
    const style = getComputedStyle(node);
    return r.width > 0 && r.height > 0 && r.bottom > 0 && r.top < innerHeight
      && style.visibility !== "hidden" && style.display !== "none";
  })()`;
}

async function run() {
  const { targetId } = await send("Target.createTarget", { url: "about:blank" });
  ({ sessionId: session } = await send("Target.attachToTarget", { targetId, flatten: true }));
  await send("Page.enable");
  await send("Runtime.enable");
  await viewport(1280, 900, false);
  await send("Page.navigate", { url });
  await waitFor("the search page", `document.querySelector("h1")?.textContent.includes("Search")`);
  console.log("ok search page");

  // The keyboard: "/" focuses the search box, then type and press Enter.
  await evaluate(`document.activeElement.blur(); true`);
  await key("/", "Slash", 191, "/");
  await waitFor("the search box focused by /", `document.activeElement?.id === "q"`);
  await send("Input.insertText", { text: "Velmora" });
  await key("Enter", "Enter", 13, "\r");
  await waitFor("search results", `document.querySelectorAll(".hits li a.title").length >= 4`);
  console.log("ok search results");

  const target = await evaluate(`[...document.querySelectorAll(".hits li a.title")]
    .findIndex((a) => a.textContent.includes("Dockworkers"))`);
  if (target < 0) throw new Error("the Dockworkers article is not among the hits");
  await click("the article link", `.hits li:nth-child(${target + 1}) a.title`);
  await waitFor("the article", `document.querySelector("article h1")?.textContent.includes("Dockworkers")`);
  await waitFor("a visible highlighted entity", visible(".article .hl.person, .article .hl.organisation, .article .hl.location"));
  console.log("ok highlighted entity visible");
  await waitFor("a visible highlighted quote", visible(".article .hl.quote"));
  console.log("ok highlighted quote visible");
  await evaluate("window.scrollTo(0, 0); true");
  await screenshot("ui-article-1280.png");

  await click("a highlighted entity", ".article .hl.organisation, .article .hl.location, .article .hl.person");
  await waitFor("the popup with the entity's link", `!document.getElementById("popup").hidden
    && document.querySelector("#popup a[href^='#/entity/']")`);
  console.log("ok popup says what the highlight is");

  await viewport(390, 844, true);
  await sleep(300);
  const fits = await evaluate(`document.documentElement.scrollWidth <= innerWidth + 1`);
  if (!fits) throw new Error("the article page is wider than a phone screen");
  await evaluate(`document.getElementById("popup").hidden = true; window.scrollTo(0, 0); true`);
  await screenshot("ui-article-phone.png");
  console.log("ok phone width");
  await viewport(1280, 900, false);

  await click("the entity link in the popup", "#popup a[href^='#/entity/']").catch(async () => {
    await evaluate(`location.hash = document.querySelector(".side a[href^='#/entity/']").getAttribute("href"); true`);
  });
  await waitFor("the entity's timeline", `document.querySelectorAll("svg.chart rect").length >= 1`);
  console.log("ok entity page with timeline");
  await screenshot("ui-entity.png");

  await evaluate(`location.hash = "#/events?min_confidence=0"; true`);
  await waitFor("the events table", `document.querySelectorAll("main tbody tr td").length > 8`);
  console.log("ok events table");
}

let code = 0;
try {
  await Promise.race([
    run(),
    new Promise((_, reject) => setTimeout(() => reject(new Error("the browser test took over 90 s")), 90000)),
    new Promise((_, reject) => child.on("exit", (status) => reject(new Error(`chromium exited (${status}): ${stderr.slice(-2000)}`)))),
  ]);
} catch (error) {
  code = 1;
  console.error(`failed: ${error.message}`);
  await screenshot("ui-failure.png").catch(() => {});
} finally {
  const exited = new Promise((resolve) => child.once("exit", resolve));
  child.kill("SIGKILL");
  await Promise.race([exited, sleep(5000)]);
  // Chromium's helpers may still be letting go of the profile.
  for (let attempt = 0; attempt < 10; attempt++) {
    try {
      rmSync(profile, { recursive: true, force: true });
      break;
    } catch (_) {
      await sleep(200);
    }
  }
}
process.exit(code);
