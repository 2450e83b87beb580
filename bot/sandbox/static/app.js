// TeamTrack sandbox: renders the fake Slack's state and sends what you do to the sandbox server.
// Everything inserted as HTML goes through esc() first; everything else uses textContent.
"use strict";

const $ = (sel) => document.querySelector(sel);
const state = {
  me: localStorage.getItem("tt-me") || "U0001",
  channel: localStorage.getItem("tt-channel") || "C0001",
  tab: "messages", // or "home", in the app's DM
  thread: null,
  snap: null,
  version: -1,
  poll: null,
  modalKey: null,
};

// -- helpers ---------------------------------------------------------------------------------

function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k.startsWith("on")) el.addEventListener(k.slice(2), v);
    else if (k === "class") el.className = v;
    else el.setAttribute(k, v === true ? "" : v);
  }
  for (const c of children.flat()) {
    if (c === null || c === undefined || c === false) continue;
    el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return el;
}

function esc(s) {
  return String(s).replace(/[&<>"']/g, (c) =>
    ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]);
}

const EMOJI = {
  white_check_mark: "✅", warning: "⚠️", red_circle: "🔴", large_yellow_circle: "🟡",
  large_green_circle: "🟢", large_blue_circle: "🔵", white_circle: "⚪", no_entry: "⛔",
  triangular_flag_on_post: "🚩", rotating_light: "🚨", rocket: "🚀", pushpin: "📌",
  money_with_wings: "💸", link: "🔗", arrow_up: "⬆️", busts_in_silhouette: "👥",
  calendar: "📅", date: "📅", hourglass: "⌛", chart_with_upwards_trend: "📈", tada: "🎉",
  bell: "🔔", memo: "📝", speech_balloon: "💬", construction: "🚧", fire: "🔥", x: "❌",
  heavy_check_mark: "✔️", clipboard: "📋", wave: "👋", sunrise: "🌅", alarm_clock: "⏰",
  bar_chart: "📊", trophy: "🏆", star: "⭐", raised_hands: "🙌", thumbsup: "👍", eyes: "👀",
  hammer_and_wrench: "🛠️", bust_in_silhouette: "👤", mag: "🔍", new: "🆕", hourglass_flowing_sand: "⏳",
  large_orange_circle: "🟠", orange_circle: "🟠", yellow_circle: "🟡", green_circle: "🟢",
  boom: "💥", chart_with_downwards_trend: "📉", checkered_flag: "🏁", package: "📦",
  palm_tree: "🌴", pencil2: "✏️", turtle: "🐢", heavy_plus_sign: "➕", sparkles: "✨",
  question: "❓", information_source: "ℹ️", zzz: "💤", muscle: "💪", clap: "👏",
  heavy_multiplication_x: "✖️", wastebasket: "🗑️", lock: "🔒",
};
const emoji = (name) => EMOJI[name] || `:${name}:`;
// Slack's own words on the page, in the language of the person you are (the sandbox's switch).
const ZH = {
  "Only visible to you": "仅你可见", "(edited)": "（已编辑）", Home: "主页", Messages: "消息",
  Channels: "频道", Apps: "应用", Send: "发送", Reply: "回复", "Reply…": "回复…",
  "New messages ↓": "新消息 ↓", Thread: "消息列", "Opening Home…": "正在打开主页…", Cancel: "取消",
  "Select an option": "请选择", "Select a person": "选择成员", "Select a channel": "选择频道",
  "Please complete this required field.": "请填写此必填项。", "More actions": "更多操作",
  "Reply in thread": "在消息列中回复", "Message TeamTrack": "发消息给 TeamTrack",
};
const myLang = () => {
  const p = state.snap && state.snap.people.find((x) => x.id === state.me);
  return p ? p.lang : "en";
};
const ui = (s) => (myLang() === "zh" && ZH[s]) || s;
const userName = (id) => (state.snap && state.snap.users[id] ? state.snap.users[id].name : id);
const channelName = (id) => {
  const c = state.snap && state.snap.channels.find((x) => x.id === id);
  return c ? c.name : id;
};
const safeUrl = (u) => (/^(https?:|mailto:|\/)/i.test(u) ? u : "#");

// Slack mrkdwn -> HTML. Slack's own <...> tokens are lifted out first, the rest is unescaped
// (&lt; &gt; &amp;) and then HTML-escaped, so only the tags added here are ever markup.
function mrkdwn(text) {
  const held = [];
  const hold = (html) => `\u0000${held.push(html) - 1}\u0000`;
  let s = String(text || "").replace(/<([^<>]+)>/g, (_, tok) => hold(token(tok)));
  s = esc(s.replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&amp;/g, "&"));
  s = s.replace(/```([\s\S]+?)```/g, (_, c) => hold(`<pre>${c}</pre>`));
  s = s.replace(/`([^`\n]+)`/g, (_, c) => hold(`<code>${c}</code>`));
  s = s.replace(/(^|[\s(>\u0000])\*([^*\n]+)\*(?=$|[\s\p{P}\u0000])/gu, "$1<b>$2</b>");
  s = s.replace(/(^|[\s(>\u0000])_([^_\n]+)_(?=$|[\s\p{P}\u0000])/gu, "$1<i>$2</i>");
  s = s.replace(/(^|[\s(>\u0000])~([^~\n]+)~(?=$|[\s\p{P}\u0000])/gu, "$1<s>$2</s>");
  s = s.replace(/:([a-z0-9_+-]+):/g, (m, name) => (EMOJI[name] ? EMOJI[name] : m));
  s = s.replace(/^&gt; ?(.*)$/gm, "<blockquote>$1</blockquote>").replace(/\n/g, "<br>");
  for (let i = 0; i < 3 && s.includes("\u0000"); i++) {
    s = s.replace(/\u0000(\d+)\u0000/g, (_, n) => held[Number(n)]);
  }
  return s;
}

function token(tok) {
  const [target, label] = tok.split("|", 2);
  const unescape = (x) => x.replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&amp;/g, "&");
  if (target.startsWith("@")) return `<span class="mention">@${esc(userName(target.slice(1)))}</span>`;
  if (target.startsWith("#")) return `<span class="mention">#${esc(label ? unescape(label) : channelName(target.slice(1)))}</span>`;
  if (target.startsWith("!date^")) return esc(slackDate(target, label));
  if (target.startsWith("!")) return `<span class="mention">@${esc((label || target.slice(1)).replace(/^subteam\^/, ""))}</span>`;
  const url = unescape(target);
  return `<a href="${esc(safeUrl(url))}" target="_blank" rel="noopener">${esc(label ? unescape(label) : url)}</a>`;
}

// Slack's date token, `<!date^epoch^{date_short_pretty} {time}|fallback>`, as Slack draws it:
// the moment in the reader's words, on the sandbox's clock zone.
function slackDate(target, fallback) {
  const [, epoch, format] = target.split("^");
  const when = new Date(Number(epoch) * 1000);
  if (!format || Number.isNaN(when.getTime())) return fallback || "";
  const tz = (state.snap && state.snap.clock && state.snap.clock.tz) || "UTC";
  const locale = myLang() === "zh" ? "zh-CN" : "en-US";
  const part = (opts) => { try { return new Intl.DateTimeFormat(locale, { timeZone: tz, ...opts }).format(when); } catch (e) { return fallback || ""; } };
  const words = {
    date_num: part({ year: "numeric", month: "2-digit", day: "2-digit" }),
    date: part({ year: "numeric", month: "long", day: "numeric" }),
    date_short: part({ year: "numeric", month: "short", day: "numeric" }),
    date_long: part({ weekday: "long", year: "numeric", month: "long", day: "numeric" }),
    date_pretty: part({ year: "numeric", month: "long", day: "numeric" }),
    date_short_pretty: part({ month: "short", day: "numeric" }),
    date_long_pretty: part({ weekday: "long", month: "long", day: "numeric" }),
    time: part({ hour: "2-digit", minute: "2-digit", hour12: false }),
    time_secs: part({ hour: "2-digit", minute: "2-digit", second: "2-digit", hour12: false }),
  };
  return format.replace(/\{(\w+)\}/g, (m, name) => (name in words ? words[name] : m));
}

const textOf = (t) => (!t ? "" : t.type === "mrkdwn" ? mrkdwn(t.text) : esc(t.text).replace(/:([a-z0-9_+-]+):/g, (m, n) => emoji(n)));
const textEl = (tag, t, cls) => { const el = h(tag, { class: cls }); el.innerHTML = textOf(t); return el; };

// -- talking to the sandbox server -----------------------------------------------------------

async function post(what, body) {
  try {
    const resp = await fetch(`/sandbox/${what}`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ user: state.me, ...body }),
    });
    const result = await resp.json();
    if (result.error) toast(result.error);
    return result;
  } catch (err) {
    toast("The sandbox server is not answering.");
    return { ok: false, error: String(err) };
  }
}

function toast(text) {
  const el = $("#toast");
  el.textContent = text;
  el.hidden = false;
  clearTimeout(toast.timer);
  toast.timer = setTimeout(() => { el.hidden = true; }, 8000);
}

async function poll() {
  const ctl = {};
  state.poll = ctl;
  try {
    const resp = await fetch(`/sandbox/state?user=${encodeURIComponent(state.me)}&since=${state.version}`);
    const snap = await resp.json();
    if (state.poll !== ctl) return;
    state.snap = snap;
    state.version = snap.version;
    render();
    document.body.dataset.version = snap.version;
    setTimeout(poll, 0);
  } catch (err) {
    if (state.poll === ctl) setTimeout(poll, 1000); // server restarting: try again shortly
  }
}

function restartPoll() {
  // The old request is left to finish and its answer dropped: aborting it would make the
  // server write to a closed socket.
  state.poll = null;
  state.version = -1;
  poll();
}

// -- interactive elements ----------------------------------------------------------------------

function act(ctx, action) {
  const body = { action };
  if (ctx.view_id) {
    body.view_id = ctx.view_id;
    body.values = ctx.root ? collect(ctx.root) : {};
  } else {
    body.channel = ctx.channel;
    body.ts = ctx.ts;
  }
  return post("action", body);
}

function options(el) {
  const groups = el.option_groups ? el.option_groups.flatMap((g) => g.options) : el.options || [];
  return groups;
}

function sameOption(a, b) { return a && b && a.value === b.value; }

// One Block Kit element; `input` is true inside an input block (no block_actions unless dispatched).
function element(el, ctx, blockId, input) {
  const base = { action_id: el.action_id, block_id: blockId };
  const send = (extra) => { if (!input || el.dispatch_action) act(ctx, { ...base, type: el.type, ...extra }); };
  const data = { "data-action": el.action_id, "data-type": el.type, "data-block": blockId };
  switch (el.type) {
    case "button":
      if (el.url) return h("a", { class: `btn ${el.style || ""}`, href: safeUrl(el.url), target: "_blank", rel: "noopener" }, el.text.text);
      return h("button", { type: "button", class: `btn ${el.style || ""}`, ...data, onclick: () => act(ctx, { ...base, type: "button", value: el.value }) }, el.text.text);
    case "static_select": case "overflow": case "radio_buttons": {
      const opts = options(el);
      const sel = h("select", { ...data, class: el.type === "overflow" ? "overflow" : "" },
        h("option", { value: "" }, el.type === "overflow" ? "⋯" : el.placeholder ? el.placeholder.text : ui("Select an option")),
        ...opts.map((o, i) => h("option", { value: i, selected: sameOption(o, el.initial_option) }, o.text.text)));
      sel._options = opts;
      sel.addEventListener("change", () => send({ selected_option: opts[sel.value] || null }));
      return sel;
    }
    case "multi_static_select": case "checkboxes": {
      const opts = options(el);
      const initial = el.initial_options || [];
      const sel = h("select", { ...data, multiple: true },
        ...opts.map((o, i) => h("option", { value: i, selected: initial.some((x) => sameOption(x, o)) }, o.text.text)));
      sel._options = opts;
      sel.addEventListener("change", () => send({ selected_options: [...sel.selectedOptions].map((o) => opts[o.value]) }));
      return sel;
    }
    case "users_select": case "multi_users_select": {
      const multi = el.type === "multi_users_select";
      const initial = multi ? el.initial_users || [] : [el.initial_user];
      const people = Object.entries(state.snap.users).filter(([, u]) => !u.bot);
      const sel = h("select", { ...data, multiple: multi },
        multi ? null : h("option", { value: "" }, el.placeholder ? el.placeholder.text : ui("Select a person")),
        ...people.map(([id, u]) => h("option", { value: id, selected: initial.includes(id) }, `${u.real_name} (@${u.name})`)));
      sel.addEventListener("change", () => send(multi ? { selected_users: [...sel.selectedOptions].map((o) => o.value) } : { selected_user: sel.value || null }));
      return sel;
    }
    case "conversations_select": case "channels_select": {
      const sel = h("select", data, h("option", { value: "" }, ui("Select a channel")),
        ...state.snap.channels.filter((c) => !c.dm).map((c) => h("option", { value: c.id, selected: c.id === (el.initial_conversation || el.initial_channel) }, `#${c.name}`)));
      sel.addEventListener("change", () => send(el.type === "channels_select" ? { selected_channel: sel.value } : { selected_conversation: sel.value }));
      return sel;
    }
    case "datepicker": case "timepicker": {
      const date = el.type === "datepicker";
      const inp = h("input", { ...data, type: date ? "date" : "time", value: (date ? el.initial_date : el.initial_time) || "" });
      inp.addEventListener("change", () => send(date ? { selected_date: inp.value || null } : { selected_time: inp.value || null }));
      return inp;
    }
    case "plain_text_input": case "number_input": case "email_text_input": case "url_text_input": {
      const attrs = { ...data, placeholder: el.placeholder ? el.placeholder.text : null };
      if (el.multiline) return h("textarea", { ...attrs, rows: 4 }, el.initial_value || "");
      const type = el.type === "number_input" ? "number" : el.type === "email_text_input" ? "email" : "text";
      return h("input", { ...attrs, type, step: el.is_decimal_allowed ? "any" : null, value: el.initial_value || "" });
    }
    case "image":
      return h("img", { class: "el-image", src: safeUrl(el.image_url), alt: el.alt_text || "" });
    case "mrkdwn": case "plain_text":
      return textEl("span", el);
    default:
      return h("span", { class: "unsupported" }, `[${el.type}]`);
  }
}

// state.values for a modal, read from its inputs, in the shape Slack sends.
function collect(root) {
  const values = {};
  for (const el of root.querySelectorAll("[data-action][data-block]")) {
    const t = el.dataset.type;
    let v;
    if (t === "plain_text_input" || t === "number_input" || t === "email_text_input" || t === "url_text_input") v = { value: el.value === "" ? null : el.value };
    else if (t === "datepicker") v = { selected_date: el.value || null };
    else if (t === "timepicker") v = { selected_time: el.value || null };
    else if (t === "users_select") v = { selected_user: el.value || null };
    else if (t === "multi_users_select") v = { selected_users: [...el.selectedOptions].map((o) => o.value) };
    else if (t === "static_select" || t === "radio_buttons") v = { selected_option: el._options[el.value] || null };
    else if (t === "multi_static_select" || t === "checkboxes") v = { selected_options: [...el.selectedOptions].map((o) => el._options[o.value]) };
    else if (t === "conversations_select") v = { selected_conversation: el.value || null };
    else if (t === "channels_select") v = { selected_channel: el.value || null };
    else continue;
    (values[el.dataset.block] = values[el.dataset.block] || {})[el.dataset.action] = { type: t, ...v };
  }
  return values;
}

// -- blocks ------------------------------------------------------------------------------------

function richText(block) {
  const inline = (e) => {
    if (e.type === "text") {
      let html = esc(e.text).replace(/\n/g, "<br>");
      const st = e.style || {};
      if (st.code) html = `<code>${html}</code>`;
      if (st.bold) html = `<b>${html}</b>`;
      if (st.italic) html = `<i>${html}</i>`;
      if (st.strike) html = `<s>${html}</s>`;
      return html;
    }
    if (e.type === "link") return `<a href="${esc(safeUrl(e.url))}" target="_blank" rel="noopener">${esc(e.text || e.url)}</a>`;
    if (e.type === "user") return `<span class="mention">@${esc(userName(e.user_id))}</span>`;
    if (e.type === "channel") return `<span class="mention">#${esc(channelName(e.channel_id))}</span>`;
    if (e.type === "emoji") return esc(emoji(e.name));
    if (e.type === "broadcast") return `<span class="mention">@${esc(e.range)}</span>`;
    return "";
  };
  const part = (p) => {
    const inner = (p.elements || []).map((x) => (x.type.startsWith("rich_text") ? part(x) : inline(x))).join("");
    if (p.type === "rich_text_list") {
      const tag = p.style === "ordered" ? "ol" : "ul";
      return `<${tag}>${(p.elements || []).map((x) => `<li>${part(x)}</li>`).join("")}</${tag}>`;
    }
    if (p.type === "rich_text_preformatted") return `<pre>${inner}</pre>`;
    if (p.type === "rich_text_quote") return `<blockquote>${inner}</blockquote>`;
    return inner;
  };
  const el = h("div", { class: "rich" });
  el.innerHTML = (block.elements || []).map(part).join("<br>");
  return el;
}

function block(b, ctx) {
  const id = b.block_id || "";
  switch (b.type) {
    case "header": return textEl("h3", b.text, "b-header");
    case "divider": return h("hr", { class: "b-divider" });
    case "context":
      return h("div", { class: "b-context" }, (b.elements || []).map((e) => (e.type === "image" ? h("img", { src: safeUrl(e.image_url), alt: e.alt_text || "" }) : textEl("span", e))));
    case "image":
      return h("figure", { class: "b-image" }, b.title ? textEl("figcaption", b.title) : null, h("img", { src: safeUrl(b.image_url), alt: b.alt_text || "" }));
    case "actions":
      return h("div", { class: "b-actions", "data-block-id": id }, (b.elements || []).map((e) => element(e, ctx, id || e.action_id, false)));
    case "rich_text": return richText(b);
    case "section":
      return h("div", { class: "b-section", "data-block-id": id },
        h("div", { class: "b-section-body" },
          b.text ? textEl("div", b.text, "b-text") : null,
          b.fields ? h("div", { class: "b-fields" }, b.fields.map((f) => textEl("div", f))) : null),
        b.accessory ? h("div", { class: "b-accessory" }, element(b.accessory, ctx, id || b.accessory.action_id, false)) : null);
    case "input": {
      const hint = b.hint ? textEl("div", b.hint, "b-hint") : null;
      return h("div", { class: "b-input", "data-block-id": id, "data-optional": b.optional ? "1" : "0" },
        h("label", {}, b.label.text, b.optional ? h("span", { class: "optional" }, " (optional)") : null),
        element(b.element, ctx, id, true), hint, h("div", { class: "field-error", role: "alert" }));
    }
    default: return h("div", { class: "unsupported" }, `[${b.type} block]`);
  }
}

const blocks = (list, ctx) => h("div", { class: "blocks" }, (list || []).map((b) => block(b, ctx)));

// -- messages ------------------------------------------------------------------------------------

function avatar(uid) {
  const u = state.snap.users[uid] || { name: uid };
  const bot = uid === state.snap.bot;
  return h("div", { class: `avatar ${bot ? "bot" : ""}`, style: `--hue:${[...uid].reduce((a, c) => a + c.charCodeAt(0) * 37, 0) % 360}` }, bot ? "TT" : (u.name || "?")[0].toUpperCase());
}

function message(m, channel, inThread) {
  const u = state.snap.users[m.user] || { name: m.user, real_name: m.user };
  const ctx = { channel, ts: m.ts };
  const body = m.blocks && m.blocks.length ? blocks(m.blocks, ctx) : textEl("div", { type: "mrkdwn", text: m.text }, "text");
  const files = m.files.map((f) => (f.image
    ? h("a", { href: f.url, target: "_blank", class: "file" }, h("img", { src: f.url, alt: f.title }))
    : h("a", { href: f.url, target: "_blank", class: "file" }, `📎 ${f.title}`)));
  const atts = (m.attachments || []).map((a) => h("div", { class: "attachment", style: `border-color:${/^#?[0-9a-f]{6}$/i.test(a.color || "") ? (a.color[0] === "#" ? a.color : `#${a.color}`) : "#ddd"}` },
    a.title ? h("b", {}, a.title) : null, a.text ? textEl("div", { type: "mrkdwn", text: a.text }) : null, a.blocks ? blocks(a.blocks, ctx) : null));
  const replies = !inThread && m.reply_count
    ? h("button", { type: "button", class: "replies", onclick: () => openThread(m.ts) }, (myLang() === "zh" ? `${m.reply_count} 条回复` : `${m.reply_count} repl${m.reply_count === 1 ? "y" : "ies"}`))
    : null;
  const reactions = Object.entries(m.reactions || {}).map(([n, c]) => h("span", { class: "reaction" }, `${emoji(n)} ${c}`));
  return h("div", { class: `msg ${m.ephemeral ? "ephemeral" : ""}`, "data-ts": m.ts, "data-user": m.user },
    avatar(m.user),
    h("div", { class: "msg-main" },
      m.ephemeral ? h("div", { class: "only-you" }, `👁 ${ui("Only visible to you")}`) : null,
      h("div", { class: "msg-head" }, h("b", {}, u.real_name || u.name), m.user === state.snap.bot ? h("span", { class: "app-badge" }, "APP") : null,
        h("span", { class: "time" }, m.time), m.edited ? h("span", { class: "edited" }, ui("(edited)")) : null),
      body, atts, files, reactions.length ? h("div", { class: "reactions" }, reactions) : null, replies),
    m.ephemeral ? null : toolbar(m, channel, inThread));
}

// The hover toolbar: reply in thread, and the app's message shortcuts under "More actions".
function toolbar(m, channel, inThread) {
  const more = h("select", { class: "more", title: ui("More actions"), "aria-label": "More actions" },
    h("option", { value: "" }, "⋯"), ...state.snap.shortcuts.map((s) => h("option", { value: s.callback_id }, s.name)));
  more.addEventListener("change", () => {
    if (more.value) post("shortcut", { channel, ts: m.ts, callback_id: more.value });
    more.value = "";
  });
  return h("div", { class: "toolbar" },
    inThread ? null : h("button", { type: "button", class: "reply-btn", title: ui("Reply in thread"), onclick: () => openThread(m.ts) }, "💬"),
    state.snap.shortcuts.length ? more : null);
}

function messageList(list, channel, inThread) {
  const out = [];
  let day = null;
  for (const m of list) {
    if (!inThread && m.day !== day) { day = m.day; out.push(h("div", { class: "day" }, h("span", {}, day))); }
    out.push(message(m, channel, inThread));
  }
  return out;
}

// -- the page --------------------------------------------------------------------------------------

function current() { return state.snap.channels.find((c) => c.id === state.channel) || state.snap.channels[0]; }

function render() {
  const snap = state.snap;
  const who = $("#who");
  if (!who.options.length) {
    for (const p of snap.people) who.append(h("option", { value: p.id }, `${snap.users[p.id].real_name} · ${p.title}`));
  }
  who.value = snap.me;
  const mine = snap.people.find((p) => p.id === snap.me);
  $("#lang").value = mine ? mine.lang : "en";
  $("#clock-label").textContent = snap.clock.label;
  $("#composer button[type=submit]").textContent = ui("Send");
  $("#thread-composer button[type=submit]").textContent = ui("Reply");
  $("#thread-text").placeholder = ui("Reply…");
  $("#thread header strong").textContent = ui("Thread");
  $("#new-messages").textContent = ui("New messages ↓");
  document.documentElement.lang = myLang() === "zh" ? "zh-CN" : "en";
  $("#clock-label").title = snap.clock.tz;
  const ch = current();
  state.channel = ch.id;
  renderNav(ch);
  $("#title").textContent = ch.dm ? "TeamTrack" : `# ${ch.name}`;
  const tabs = $("#tabs");
  tabs.replaceChildren(...(ch.dm ? ["home", "messages"].map((tab) => h("button", { type: "button", role: "tab", class: state.tab === tab ? "active" : "", onclick: () => setTab(tab) }, tab === "home" ? ui("Home") : ui("Messages"))) : []));
  const showHome = ch.dm && state.tab === "home";
  $("#home").hidden = !showHome;
  $("#messages").hidden = showHome;
  $("#composer").hidden = showHome;
  $("#text").placeholder = ch.dm ? ui("Message TeamTrack") : myLang() === "zh" ? `发消息到 #${ch.name}` : `Message #${ch.name}`;
  if (showHome) { $("#new-messages").hidden = true; renderHome(); } else renderMessages(ch);
  renderThread(ch);
  renderModal();
}

function renderNav(ch) {
  const item = (c) => h("button", { type: "button", class: `nav-item ${c.id === ch.id ? "active" : ""}`, "data-channel": c.id, onclick: () => go(c.id) }, c.dm ? "◆ TeamTrack" : `# ${c.name}`);
  $("#nav").replaceChildren(
    h("div", { class: "nav-head" }, ui("Channels")), ...state.snap.channels.filter((c) => !c.dm).map(item),
    h("div", { class: "nav-head" }, ui("Apps")), ...state.snap.channels.filter((c) => c.dm).map(item));
}

function renderMessages(ch) {
  const box = $("#messages");
  const top = (state.snap.messages[ch.id] || []).filter((m) => !m.thread_ts || m.thread_ts === m.ts || m.broadcast);
  const sameChannel = box.dataset.channel === ch.id;
  const arrived = sameChannel && top.length > Number(box.dataset.count || 0);
  $("#message-list").replaceChildren(...(top.length ? messageList(top, ch.id, false)
    : [h("div", { class: "empty" }, h("b", {}, ch.dm ? "This is your DM with TeamTrack." : `This is the very beginning of #${ch.name}.`),
      h("p", {}, "Start a project here: "), h("code", {}, '/project new "Member Portal v2" key:MP'))]));
  box.dataset.channel = ch.id;
  box.dataset.count = top.length;
  if (!sameChannel) follow.pinned = true;
  if (follow.pinned) toBottom();
  else if (arrived) $("#new-messages").hidden = false;
}

// The pane follows new messages, as Slack's does, until the reader scrolls up. Images and
// reflows change the height after a render, so the list's size is watched, not just renders.
const follow = { pinned: true, top: -1 };

function toBottom() {
  const box = $("#messages");
  box.scrollTop = box.scrollHeight;
  follow.top = box.scrollTop;
  follow.pinned = true;
  $("#new-messages").hidden = true;
}

$("#messages").addEventListener("scroll", () => {
  const box = $("#messages");
  if (follow.pinned && box.scrollTop === follow.top) return; // our own scroll, whatever grew since
  follow.pinned = box.scrollHeight - box.scrollTop - box.clientHeight < 24;
  if (follow.pinned) toBottom();
});
$("#messages").addEventListener("load", () => { if (follow.pinned) toBottom(); }, true);
const resized = new ResizeObserver(() => { if (follow.pinned && !$("#messages").hidden) toBottom(); });
resized.observe($("#messages"));
resized.observe($("#message-list"));
$("#new-messages").addEventListener("click", toBottom);

function renderHome() {
  const home = state.snap.home;
  const box = $("#home");
  if (!home) { box.replaceChildren(h("div", { class: "empty" }, ui("Opening Home…"))); return; }
  if (box.dataset.key === `${home.id}:${home.hash}`) return;
  box.dataset.key = `${home.id}:${home.hash}`;
  const ctx = { view_id: home.id };
  const content = blocks(home.view.blocks, ctx);
  ctx.root = content;
  box.replaceChildren(content);
}

function renderThread(ch) {
  const pane = $("#thread");
  const list = state.thread ? (state.snap.messages[ch.id] || []).filter((m) => m.ts === state.thread || m.thread_ts === state.thread) : [];
  pane.hidden = !list.length;
  if (!list.length) return;
  $("#thread-where").textContent = ch.dm ? "TeamTrack" : `#${ch.name}`;
  const box = $("#thread-messages");
  box.replaceChildren(...messageList(list, ch.id, true));
  box.scrollTop = box.scrollHeight;
}

function renderModal() {
  const modal = state.snap.modal;
  const root = $("#modal-root");
  const key = modal ? `${modal.id}:${modal.hash}` : null;
  if (key === state.modalKey) return;
  state.modalKey = key;
  if (!modal) { root.replaceChildren(); return; }
  const v = modal.view;
  const ctx = { view_id: modal.id };
  const body = blocks(v.blocks, ctx);
  ctx.root = body;
  const error = h("div", { class: "modal-error", role: "alert", hidden: true });
  const submit = async (ev) => {
    ev.preventDefault();
    clearErrors(body);
    error.hidden = true;
    if (!requiredFilled(body)) return;
    const result = await post("submit", { view_id: modal.id, values: collect(body) });
    if (result.errors) showErrors(body, result.errors);
    else if (result.error) { error.textContent = result.error; error.hidden = false; }
  };
  root.replaceChildren(h("div", { class: "overlay" },
    h("form", { class: "modal", "data-callback": v.callback_id || "", onsubmit: submit, novalidate: true },
      h("header", {}, h("h2", {}, v.title ? v.title.text : ""), h("button", { type: "button", class: "x", "aria-label": "Close", onclick: () => post("close", { view_id: modal.id }) }, "×")),
      h("div", { class: "modal-body" }, error, body),
      h("footer", {}, h("button", { type: "button", class: "btn", onclick: () => post("close", { view_id: modal.id }) }, v.close ? v.close.text : ui("Cancel")),
        v.submit ? h("button", { type: "submit", class: "btn primary" }, v.submit.text) : null))));
}

function clearErrors(root) {
  for (const e of root.querySelectorAll(".field-error")) e.textContent = "";
  for (const e of root.querySelectorAll(".b-input.has-error")) e.classList.remove("has-error");
}

function showErrors(root, errors) {
  for (const [blockId, text] of Object.entries(errors)) {
    const inp = root.querySelector(`.b-input[data-block-id="${CSS.escape(blockId)}"]`);
    if (!inp) { toast(`${blockId}: ${text}`); continue; }
    inp.classList.add("has-error");
    inp.querySelector(".field-error").textContent = text;
  }
}

// Slack's client checks required inputs before anything is sent.
function requiredFilled(root) {
  const values = collect(root);
  const missing = {};
  for (const inp of root.querySelectorAll('.b-input[data-optional="0"]')) {
    const st = Object.values(values[inp.dataset.blockId] || {})[0] || {};
    const v = Object.entries(st).find(([k]) => k !== "type");
    const empty = !v || v[1] === null || v[1] === "" || (Array.isArray(v[1]) && !v[1].length);
    if (empty) missing[inp.dataset.blockId] = ui("Please complete this required field.");
  }
  showErrors(root, missing);
  return !Object.keys(missing).length;
}

// -- navigation and the composers -----------------------------------------------------------------

function go(channel) {
  state.channel = channel;
  state.thread = null;
  localStorage.setItem("tt-channel", channel);
  if (channel.startsWith("D") && state.tab === "home") post("home", {});
  render();
}

function setTab(tab) {
  state.tab = tab;
  if (tab === "home") post("home", {});
  render();
}

function openThread(ts) { state.thread = ts; render(); }

async function send(textarea, threadTs) {
  const text = textarea.value.trim();
  if (!text) return;
  textarea.value = "";
  if (!threadTs) toBottom(); // what you send, and its answer, come into view
  await post("send", { channel: state.channel, text, thread_ts: threadTs || null });
}

function composer(form, textarea, thread) {
  form.addEventListener("submit", (ev) => { ev.preventDefault(); send(textarea, thread ? state.thread : null); });
  textarea.addEventListener("keydown", (ev) => {
    if (ev.key === "Enter" && !ev.shiftKey) { ev.preventDefault(); form.requestSubmit(); }
  });
}

composer($("#composer"), $("#text"), false);
composer($("#thread-composer"), $("#thread-text"), true);
$("#close-thread").addEventListener("click", () => { state.thread = null; render(); });
$("#who").addEventListener("change", (ev) => {
  state.me = ev.target.value;
  localStorage.setItem("tt-me", state.me);
  if (state.channel.startsWith("D")) state.channel = `D${state.me.slice(1)}`;
  state.thread = null;
  state.modalKey = null;
  $("#home").dataset.key = "";
  restartPoll();
  if (state.channel.startsWith("D") && state.tab === "home") post("home", {});
});
$("#lang").addEventListener("change", async (ev) => {
  // Like changing the language in Slack's preferences: Slack tells the app with user_change.
  await post("language", { lang: ev.target.value });
  if (state.channel.startsWith("D") && state.tab === "home") post("home", {});
});
for (const btn of document.querySelectorAll("#clock button")) {
  btn.addEventListener("click", async () => {
    const all = document.querySelectorAll("#clock button");
    all.forEach((b) => { b.disabled = true; });
    $("#clock").classList.add("busy");
    await post("clock", { step: btn.dataset.step });
    all.forEach((b) => { b.disabled = false; });
    $("#clock").classList.remove("busy");
  });
}
poll();
