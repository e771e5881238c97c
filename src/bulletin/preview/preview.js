// Preview page: edit bulletin data, see every language side by side. Served by the service
// itself; no external requests.
"use strict";

const $ = (selector) => document.querySelector(selector);
const dataBox = $("#data");
const statusBox = $("#status");
const problemsBox = $("#problems");
let languages = [];
let generation = 0;
let timer = null;

function contentType(text) {
  return /^\s*[{[]/.test(text) ? "application/json" : "application/yaml";
}

function post(path, text) {
  return fetch(path, { method: "POST", headers: { "Content-Type": contentType(text) }, body: text });
}

function showProblems(problems, message) {
  problemsBox.replaceChildren();
  if (!problems.length && !message) return;
  const list = document.createElement("ul");
  if (message) {
    const item = document.createElement("li");
    item.textContent = message;
    list.append(item);
  }
  for (const problem of problems) {
    const item = document.createElement("li");
    const where = document.createElement("code");
    where.textContent = problem.where || "(data)";
    item.append(where, " " + problem.what + (problem.hint ? ` (${problem.hint})` : ""));
    list.append(item);
  }
  problemsBox.append(list);
}

async function refresh() {
  const mine = ++generation;
  const text = dataBox.value;
  statusBox.textContent = "rendering…";
  document.querySelectorAll(".preview").forEach((p) => p.classList.add("stale"));
  const check = await post("/v1/validate", text);
  const verdict = await check.json();
  if (mine !== generation) return;
  if (!check.ok || !verdict.valid) {
    showProblems(verdict.problems || [], verdict.error);
    statusBox.textContent = `${(verdict.problems || []).length || 1} problem(s)`;
    return;
  }
  showProblems([]);
  await Promise.all(languages.map(async (lang) => {
    const response = await post(`/v1/bulletins?lang=${encodeURIComponent(lang.code)}&format=html`, text);
    if (mine !== generation) return;
    const frame = document.querySelector(`.preview[data-lang="${lang.code}"]`);
    if (response.ok) {
      frame.querySelector("iframe").srcdoc = await response.text();
      frame.classList.remove("stale");
    } else {
      const error = await response.json();
      showProblems(error.problems || [], error.error);
    }
  }));
  if (mine === generation) statusBox.textContent = "up to date";
}

function scheduleRefresh() {
  clearTimeout(timer);
  timer = setTimeout(refresh, 400);
}

async function download(lang, format) {
  const text = dataBox.value;
  statusBox.textContent = `preparing ${format}…`;
  const response = await post(`/v1/bulletins?lang=${encodeURIComponent(lang)}&format=${format}`, text);
  if (!response.ok) {
    const error = await response.json();
    showProblems(error.problems || [], error.error);
    statusBox.textContent = "download failed";
    return;
  }
  const disposition = response.headers.get("Content-Disposition") || "";
  const name = (disposition.match(/filename="([^"]+)"/) || [])[1] || `bulletin.${lang}.${format}`;
  const link = document.createElement("a");
  link.href = URL.createObjectURL(await response.blob());
  link.download = name;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(link.href), 10000);
  statusBox.textContent = `downloaded ${name}`;
}

async function loadSample() {
  const name = $("#sample").value;
  const response = await fetch(`/v1/samples/${encodeURIComponent(name)}`);
  dataBox.value = await response.text();
  refresh();
}

async function start() {
  languages = await (await fetch("/v1/languages")).json();
  const template = $("#preview-template");
  for (const lang of languages) {
    const node = template.content.firstElementChild.cloneNode(true);
    node.dataset.lang = lang.code;
    node.querySelector(".title").textContent = `${lang.native_name} (${lang.code})`;
    node.querySelector("iframe").title = `Preview: ${lang.name}`;
    node.querySelectorAll("button").forEach((button) =>
      button.addEventListener("click", () => download(lang.code, button.dataset.format)));
    $("#previews").append(node);
  }
  for (const name of await (await fetch("/v1/samples")).json()) {
    const option = document.createElement("option");
    option.value = option.textContent = name;
    $("#sample").append(option);
  }
  $("#load-sample").addEventListener("click", loadSample);
  $("#upload").addEventListener("change", async (event) => {
    const file = event.target.files[0];
    if (file) { dataBox.value = await file.text(); refresh(); }
  });
  dataBox.addEventListener("input", scheduleRefresh);
  await loadSample();
}

start();
