"use strict";
async function tnData() {
  const el = document.getElementById("tn-data");
  if (el.dataset.encoding !== "gzip+base64") return JSON.parse(el.textContent);
  const binary = atob(el.textContent.trim());
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  const stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream("gzip"));
  return JSON.parse(await new Response(stream).text());
}

function tnStart(data) {
  const articles = data.articles;
  const perPage = data.perPage;
  const $ = (id) => document.getElementById(id);
  const form = $("tn-filters");
  const fields = { type: $("tn-f-type"), status: $("tn-f-status"), club: $("tn-f-club"), conf: $("tn-f-conf") };
  const box = $("tn-articles");
  let shown = [];
  let page = 0;

  function filters() {
    const conf = parseFloat(fields.conf.value);
    return {
      type: fields.type.value,
      status: fields.status.value,
      club: fields.club.value.trim().toLowerCase(),
      conf: Number.isFinite(conf) ? conf : 0,
    };
  }

  function active(f) {
    return f.type !== "" || f.status !== "" || f.club !== "" || f.conf > 0;
  }

  function matches(event, f) {
    return (!f.type || event.t === f.type) &&
      (!f.status || event.s === f.status) &&
      (!f.club || event.c.some((club) => club.toLowerCase().includes(f.club))) &&
      event.p >= f.conf - 1e-9;
  }

  function select() {
    const f = filters();
    const on = active(f);
    shown = [];
    let events = 0;
    articles.forEach((article, index) => {
      const hits = article.events.filter((e) => matches(e, f)).length;
      if (!on || hits > 0) {
        shown.push(index);
        events += hits;
      }
    });
    const pages = Math.max(1, Math.ceil(shown.length / perPage));
    $("tn-count").textContent = on
      ? `${shown.length} of ${articles.length} articles, ${events} matching events`
      : `${articles.length} articles`;
    return pages;
  }

  function pager(nav, pages) {
    nav.replaceChildren();
    if (pages < 2) return;
    const add = (label, target, current) => {
      const b = document.createElement("button");
      b.type = "button";
      b.textContent = label;
      b.dataset.page = String(target);
      if (current) b.setAttribute("aria-current", "page");
      if (target < 0 || target >= pages) b.disabled = true;
      nav.appendChild(b);
    };
    add("‹ prev", page - 1, false);
    for (let p = 0; p < pages; p++) {
      if (p === 0 || p === pages - 1 || Math.abs(p - page) <= 3) add(String(p + 1), p, p === page);
      else if (Math.abs(p - page) === 4) nav.appendChild(document.createTextNode("…"));
    }
    add("next ›", page + 1, false);
  }

  function draw() {
    const pages = select();
    page = Math.min(page, pages - 1);
    const f = filters();
    const on = active(f);
    const slice = shown.slice(page * perPage, (page + 1) * perPage);
    const none = articles.length ? "No article matches the filters." : "No articles.";
    box.innerHTML = slice.map((i) => articles[i].html).join("") ||
      `<p class="tn-none">${none}</p>`;
    if (on) {
      slice.forEach((i) => {
        const el = document.getElementById("a" + i);
        el.querySelectorAll(".tn-card").forEach((card) => {
          const event = articles[i].events[Number(card.dataset.index)];
          card.classList.toggle("tn-hidden", !matches(event, f));
        });
      });
    }
    pager($("tn-pager-top"), pages);
    pager($("tn-pager-bottom"), pages);
  }

  function go(target) {
    const m = /^a(\d+)(-s\d+)?$/.exec(target);
    if (!m) return;
    const index = Number(m[1]);
    if (index >= articles.length) return;
    let pos = shown.indexOf(index);
    if (pos < 0) {
      form.reset();
      select();
      pos = shown.indexOf(index);
    }
    const wanted = Math.floor(pos / perPage);
    if (wanted !== page || !document.getElementById(target)) {
      page = wanted;
      draw();
    }
    const el = document.getElementById(target);
    if (!el) return;
    document.querySelectorAll(".tn-marked").forEach((x) => x.classList.remove("tn-marked"));
    if (m[2]) el.classList.add("tn-marked");
    el.scrollIntoView({ block: "center" });
  }

  form.addEventListener("input", () => { page = 0; draw(); });
  form.addEventListener("reset", () => setTimeout(() => { page = 0; draw(); }, 0));
  form.addEventListener("submit", (e) => e.preventDefault());
  document.addEventListener("click", (e) => {
    const button = e.target.closest(".tn-pager button");
    if (button) {
      page = Number(button.dataset.page);
      draw();
      $("tn-browse").scrollIntoView();
      return;
    }
    const link = e.target.closest("a[href^='#a']");
    if (link) {
      e.preventDefault();
      go(link.getAttribute("href").slice(1));
    }
  });
  draw();
  if (location.hash) go(location.hash.slice(1));
  document.body.dataset.ready = String(performance.now());
}

tnData().then(tnStart, (err) => {
  document.getElementById("tn-articles").textContent = "This report's data cannot be read: " + err;
  throw err;
});
