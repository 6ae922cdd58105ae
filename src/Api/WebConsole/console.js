// Seamless console: a static page over the JSON API (/api). No framework, no build step.
// Everything from the API reaches the page as text nodes or SVG attributes set through the DOM, never as markup.
// An ES module (strict by default): the DOM helpers and the charts are imported from their own files.

import { el, badge, when, pct, hours, siteName, releaseHref } from './console-dom.js';
import { chart, sparkline } from './console-charts.js';

(() => {
  const KEY = 'seamless.console.key';
  const API = '/api/';
  const RELEASE_POLL_MS = 2000;
  const LIST_POLL_MS = 5000;
  const ACTIVE = new Set(['Pending', 'Running', 'Suspended']);
  const PHASES = ['Validating', 'Leasing', 'ConfigDiff', 'Preparing', 'WarmingUp', 'Smoke', 'Canary', 'Approval', 'Swapping', 'Guarding', 'Done'];

  let timer = null;
  let generation = 0;
  const actionMessages = new Map(); // release id -> { text, ok }

  class ApiError extends Error {
    constructor(status, title, detail) {
      super(detail || title || `HTTP ${status}`);
      this.status = status;
      this.title = title;
      this.detail = detail;
    }
  }

  class NeedKey extends Error { }

  // ---- key and API ----
  function key() {
    return sessionStorage.getItem(KEY);
  }

  function showKeyPrompt(message) {
    const prompt = document.getElementById('key-prompt');
    prompt.hidden = false;
    document.getElementById('forget-key').hidden = true;
    if (message) document.getElementById('key-message').textContent = message;
    document.getElementById('key-input').focus();
  }

  async function api(method, path, body) {
    const k = key();
    if (!k) {
      showKeyPrompt();
      throw new NeedKey();
    }

    const headers = { 'x-functions-key': k, accept: 'application/json' };
    if (body !== undefined) headers['content-type'] = 'application/json';
    let response;
    try {
      response = await fetch(API + path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), cache: 'no-store', credentials: 'omit' });
    } catch (e) {
      throw new ApiError(0, 'Unreachable', `The Seamless host did not answer (${e.message}).`);
    }

    const text = await response.text();
    let json = null;
    try { json = text ? JSON.parse(text) : null; } catch { json = null; }
    if (response.status === 401) {
      sessionStorage.removeItem(KEY);
      const detail = json && json.detail ? json.detail : 'The API key was refused.';
      showKeyPrompt(`The key was refused (401): ${detail} Enter another key.`);
      throw new NeedKey();
    }

    if (!response.ok) {
      throw new ApiError(response.status, json && json.title, json && json.detail ? json.detail : `HTTP ${response.status}`);
    }

    return json;
  }

  function notice(message, info) {
    const box = document.getElementById('notice');
    box.hidden = !message;
    box.className = info ? 'info' : '';
    box.textContent = message || '';
  }

  // ---- views ----
  async function fleetView(view, gen) {
    const list = await api('GET', 'plans');
    const plans = await Promise.all((list.plans || []).map(p =>
      api('GET', `plans/${encodeURIComponent(p.name)}?hours=3`).catch(e => (e instanceof NeedKey ? Promise.reject(e) : p))));
    if (gen !== generation) return;
    view.replaceChildren(el('h1', null, 'Fleet'));
    if (!plans.length) view.appendChild(el('p', { class: 'muted' }, 'No managed plans (Seamless:Managed:Plans).'));
    for (const plan of plans) {
      const d = plan.lastDecision;
      const m = plan.metrics || {};
      view.appendChild(el('section', { class: 'panel plan', 'data-plan': plan.name },
        el('h2', null, 'Plan ', el('span', { class: 'plan-name' }, plan.name), ' ', el('span', { class: 'muted' }, plan.sku || '', plan.location ? ` · ${plan.location}` : '')),
        el('dl', { class: 'kv' },
          el('dt', null, 'Instances'), el('dd', { class: 'instances' }, plan.instances ?? '—', plan.maximumInstances ? el('span', { class: 'muted' }, ` of ${plan.maximumInstances}`) : null),
          el('dt', null, 'CPU now'), el('dd', { class: 'cpu-now' }, pct(m.cpuPercentage), ' ', sparkline(plan.history, 'cpuPercentage', 'spark-cpu')),
          el('dt', null, 'Memory now'), el('dd', { class: 'memory-now' }, pct(m.memoryPercentage), ' ', sparkline(plan.history, 'memoryPercentage', 'spark-mem')),
          el('dt', null, 'Last decision'), el('dd', { class: 'last-decision' }, d
            ? [badge(d.action), ` ${d.fromCapacity} → ${d.toCapacity} · rule `, el('code', null, d.decidingRule), ` (${d.reason}) — ${d.message}`, el('div', { class: 'muted' }, `decided ${when(d.at)} · next eligible ${when(d.nextEligibleAt)}`)]
            : el('span', { class: 'muted' }, 'none yet')),
          el('dt', null, 'Promise'), el('dd', { class: 'promise' }, plan.promise
            ? [badge(plan.promise.kept ? 'kept' : 'missed'), ` ${plan.promise.overloadedMinutes} of ${plan.promise.minutes} minutes overloaded (budget ${plan.promise.budgetPercent} % allows ${plan.promise.allowedMinutes}) · last day ${plan.promise.lastDayOverloadedMinutes} of ${plan.promise.lastDayMinutes}`,
              plan.promise.minimumToKeepBudget != null ? ` · a plan minimum of ${plan.promise.minimumToKeepBudget} would have kept it` : '',
              plan.promise.heldMinimum != null ? ` · Seamless holds ${plan.promise.heldMinimum} instances${plan.promise.heldHours ? ` at ${hours(plan.promise.heldHours)} UTC` : ''} until ${when(plan.promise.heldUntil)}` : '',
              el('div', { class: 'muted' }, `${when(plan.promise.from)} to ${when(plan.promise.through)}${plan.promise.meanInstances != null ? ` · ${plan.promise.meanInstances} instances serving for ${plan.promise.meanBusy} busy on average` : ''}`)]
            : el('span', { class: 'muted' }, 'not accounted yet')),
          el('dt', null, 'Policy'), el('dd', { class: 'policy' }, plan.policy
            ? [badge(plan.policy.own ? 'own' : 'shared'), ` ${plan.policy.headroom} headroom · budget ${plan.policy.overloadBudgetPercent} % of minutes · provisioning delay ${plan.policy.provisioningDelayMinutes} min · ${plan.policy.min}–${plan.policy.max} instances${plan.policy.holdMinimumToKeepBudget ? ' · holds the minimum its promise needs' : ''}`]
            : el('span', { class: 'muted' }, '—')),
          el('dt', null, 'Scale-in'), el('dd', { class: 'held' }, plan.scaleInHeld ? 'held' : 'free',
            plan.veto ? ` · veto until ${when(plan.veto.until)}${plan.veto.reason ? ` (${plan.veto.reason})` : ''}` : ' · no veto',
            ` · ${(plan.leases || []).length} lease(s)`,
            (plan.leases || []).map(l => el('div', { class: 'muted' }, `lease ${l.upgradeId || l.instanceId || ''} until ${when(l.until || l.expiresAt)}`))),
          plan.lastEvent ? [el('dt', null, 'Last event'), el('dd', null, badge(plan.lastEvent.kind), ` ${when(plan.lastEvent.at)} — ${plan.lastEvent.summary}`)] : null),
        el('h3', null, 'Sites'),
        el('table', { class: 'sites' },
          el('thead', null, el('tr', null, ['Site', 'Slots (build, state, routing)', 'Production build', 'Release in flight', 'Last release'].map(h => el('th', null, h)))),
          el('tbody', null, (plan.sites || []).map(site => el('tr', { 'data-site': site.name },
            el('td', null, site.name),
            el('td', null, (site.slots || []).map(s => el('div', { class: 'slot', 'data-slot': s.name }, `${s.name}: ${s.build || 'build not identified'}, ${s.state}, ${pct(s.routingPercentage)}`))),
            el('td', { class: 'production-build' }, productionBuild(site)),
            el('td', null, site.release
              ? [el('a', { href: releaseHref(site.release.id) }, `${site.release.version} (staging)`), ` ${site.release.phase || ''} · ${pct(site.release.routingPercentage)}`]
              : el('span', { class: 'muted' }, 'none')),
            el('td', null, site.lastRelease ? [el('a', { href: releaseHref(site.lastRelease.id) }, site.lastRelease.version), ' ', badge(site.lastRelease.outcome)] : '—'))))),
        (plan.errors || []).length ? el('p', { class: 'muted' }, `Could not read: ${plan.errors.join('; ')}`) : null));
    }
    schedule(LIST_POLL_MS * 2, gen);
  }

  // The build production runs, as observed through the build identity source; else the last promoted release.
  function productionBuild(site) {
    const production = (site.slots || []).find(s => s.name === 'production');
    if (production && production.build) return production.build;
    if (site.lastRelease && site.lastRelease.outcome === 'Promoted') return `${site.lastRelease.version} (last promoted)`;
    return el('span', { class: 'muted' }, 'not identified');
  }

  async function releasesView(view, gen, query) {
    const site = query.get('site') || '';
    const status = query.get('status') || '';
    const params = new URLSearchParams({ limit: '50' });
    if (site) params.set('site', site);
    if (status) params.set('status', status);
    const form = el('form', { class: 'filters', onsubmit: e => {
      e.preventDefault();
      const q = new URLSearchParams();
      const fd = new FormData(e.target);
      for (const name of ['site', 'status']) if (fd.get(name)) q.set(name, fd.get(name));
      location.hash = `#/releases${q.toString() ? `?${q}` : ''}`;
    } },
    el('label', null, 'Site', el('input', { name: 'site', value: site, placeholder: 'name or id' })),
    el('label', null, 'Status', el('select', { name: 'status' },
      ['', 'active', 'Running', 'Completed', 'Failed', 'Terminated', 'Promoted', 'RolledBack', 'Rejected', 'Aborted'].map(s => el('option', { value: s, selected: s === status ? 'selected' : null }, s || 'any')))),
    el('button', { type: 'submit' }, 'Filter'));
    let data;
    try {
      data = await api('GET', `upgrades?${params}`);
    } catch (e) {
      if (e instanceof ApiError && gen === generation) {
        view.replaceChildren(el('h1', null, 'Releases'), form);
      }
      throw e;
    }
    if (gen !== generation) return;
    const rows = data.upgrades || [];
    view.replaceChildren(el('h1', null, 'Releases'), form,
      rows.length
        ? el('table', { class: 'releases' },
          el('thead', null, el('tr', null, ['Release', 'Site', 'Version', 'Strategy', 'Status', 'Phase · step', 'Canary', 'Started', 'Finished'].map(h => el('th', null, h)))),
          el('tbody', null, rows.map(u => el('tr', null,
            el('td', null, el('a', { href: releaseHref(u.id), class: 'mono' }, u.id)),
            el('td', null, siteName(u.site)),
            el('td', null, u.version || '—'),
            el('td', null, u.strategy || '—'),
            el('td', null, badge(u.outcome || u.status)),
            el('td', null, `${u.phase || '—'} · ${u.step || ''}`),
            el('td', null, pct(u.routingPercentage)),
            el('td', null, when(u.startedAt)),
            el('td', null, when(u.finishedAt))))))
        : el('p', { class: 'muted' }, 'No releases match.'));
    if (rows.some(u => ACTIVE.has(u.status))) schedule(LIST_POLL_MS, gen);
  }

  // A marker at each phase change and at each change to what production serves (the entry's typed `change`).
  const CHANGE_LABELS = {
    Swap: () => 'swap',
    SwapBack: () => 'swap back',
    Routing: c => (c.routingPercentage > 0 ? `canary ${c.routingPercentage} %` : 'canary off'),
  };

  function timelineMarkers(timeline) {
    const markers = [];
    let last = null;
    for (const entry of timeline || []) {
      const t = Date.parse(entry.at);
      if (entry.phase !== last) {
        markers.push({ t, label: entry.phase });
        last = entry.phase;
      }
      const label = entry.change && CHANGE_LABELS[entry.change.kind];
      if (label) markers.push({ t, label: label(entry.change) });
    }
    return markers;
  }

  function releaseCharts(u) {
    const verdicts = u.verdicts || [];
    const markers = timelineMarkers(u.timeline);
    const times = [Date.parse(u.createdAt), Date.parse(u.lastUpdatedAt), ...verdicts.map(v => Date.parse(v.at)), ...markers.map(m => m.t)].filter(t => !Number.isNaN(t));
    const range = [Math.min(...times), Math.max(...times)];
    const judged = verdicts.filter(v => v.detail && Array.isArray(v.detail.metrics));
    const charts = [];
    const scored = verdicts.filter(v => typeof v.score === 'number');
    if (scored.length) {
      charts.push(chart('Judge score', [{ name: 'score', points: scored.map(v => ({ t: Date.parse(v.at), v: v.score })) }], markers, range, { minGapMs: 0 }));
    }
    const names = [...new Set(judged.flatMap(v => v.detail.metrics.map(m => m.name)))];
    for (const name of names) {
      const canary = [], baseline = [];
      for (const v of judged) {
        const m = v.detail.metrics.find(x => x.name === name);
        const t = Date.parse(v.at);
        canary.push({ t, v: m ? m.canaryMean : null });
        baseline.push({ t, v: m ? m.baselineMean : null });
      }
      charts.push(chart(name, [{ name: 'new build (canary / production after swap)', points: canary }, { name: 'baseline', points: baseline }], markers, range, { minGapMs: 0 }));
    }
    return charts;
  }

  async function releaseView(view, gen, id) {
    const u = await api('GET', `upgrades/${encodeURIComponent(id)}`);
    if (gen !== generation) return;
    const active = ACTIVE.has(u.status);
    const phaseIndex = PHASES.indexOf(u.phase);
    const message = actionMessages.get(id);
    const waiting = active && u.phase === 'Approval';
    const act = async (what) => {
      const by = 'console';
      try {
        const path = `upgrades/${encodeURIComponent(id)}/${what}?by=${encodeURIComponent(by)}${what === 'abort' ? '&reason=' + encodeURIComponent('aborted from the console') : ''}`;
        await api('POST', path);
        actionMessages.set(id, { text: what === 'approve' ? 'Approval sent.' : 'Abort sent: the site is being restored.', ok: true });
      } catch (e) {
        if (e instanceof NeedKey) return;
        actionMessages.set(id, { text: `${what === 'approve' ? 'Approve' : 'Abort'} refused (${e.status}): ${e.detail || e.message}`, ok: false });
      }
      render();
    };
    const charts = releaseCharts(u);
    view.replaceChildren(
      el('p', null, el('a', { href: '#/releases' }, '← Releases')),
      el('h1', null, 'Release ', el('span', { class: 'mono' }, u.id)),
      el('section', { class: 'panel' },
        el('dl', { class: 'kv' },
          el('dt', null, 'Site'), el('dd', null, siteName(u.site)),
          el('dt', null, 'Version'), el('dd', null, u.version || '—'),
          el('dt', null, 'Status'), el('dd', { id: 'release-status' }, u.outcome || u.status),
          u.reason ? [el('dt', null, 'Reason'), el('dd', { id: 'release-reason' }, u.reason)] : null,
          el('dt', null, 'Phase'), el('dd', { id: 'release-phase' }, u.phase || '—'),
          el('dt', null, 'Step'), el('dd', { id: 'release-step' }, u.step || '—'),
          el('dt', null, 'Canary weight'), el('dd', { id: 'release-weight' }, pct(u.routingPercentage),
            el('div', { class: 'progress', title: 'traffic on the new build' }, el('span', { class: 'weight-bar', 'data-pct': u.routingPercentage || 0 }))),
          el('dt', null, 'Started'), el('dd', null, when(u.createdAt)),
          el('dt', null, 'Updated'), el('dd', null, when(u.lastUpdatedAt), active ? el('span', { class: 'muted' }, ' · live, every 2 s') : null)),
        el('ol', { class: 'phases', 'aria-label': 'Progress' }, PHASES.map((p, i) =>
          el('li', { class: i < phaseIndex || (!active && u.outcome === 'Promoted') ? 'done' : i === phaseIndex ? 'current' : '' }, p))),
        waiting ? el('p', { class: 'waiting' }, 'Waiting for approval.') : null,
        active ? el('div', { class: 'actions' },
          el('button', { type: 'button', id: 'approve', class: waiting ? 'primary' : null, onclick: () => act('approve') }, 'Approve'),
          el('button', { type: 'button', id: 'abort', class: 'danger', onclick: () => act('abort') }, 'Abort')) : null,
        message ? el('p', { id: 'action-message', class: message.ok ? 'ok' : 'error', role: 'status' }, message.text) : null),
      el('h2', null, 'Metrics'),
      charts.length ? el('div', { class: 'grid' }, charts) : el('p', { class: 'muted' }, 'No metric verdicts yet (the canary judge and the guard window report them).'),
      el('h2', null, `Verdicts (${u.verdicts.length} of ${u.verdictCount || u.verdicts.length})`),
      el('table', { class: 'verdicts' },
        el('thead', null, el('tr', null, ['At', 'Phase', 'Gate', 'Outcome', 'Score', 'Why'].map(h => el('th', null, h)))),
        el('tbody', null, (u.verdicts || []).map(v => el('tr', null,
          el('td', null, when(v.at)), el('td', null, v.phase), el('td', null, v.gate), el('td', null, badge(v.outcome)),
          el('td', null, typeof v.score === 'number' ? v.score.toFixed(2) : '—'), el('td', null, v.message))))),
      el('h2', null, `Timeline (${u.timeline.length} of ${u.timelineCount || u.timeline.length})`),
      el('table', { class: 'timeline' },
        el('tbody', null, (u.timeline || []).map(t => el('tr', null, el('td', null, when(t.at)), el('td', null, t.phase), el('td', null, t.message))))));
    // Width through the CSSOM (allowed by the page's CSP), not a style attribute.
    for (const bar of view.querySelectorAll('.weight-bar')) bar.style.width = `${Math.max(0, Math.min(100, Number(bar.dataset.pct)))}%`;
    if (active) schedule(RELEASE_POLL_MS, gen);
  }

  async function decisionsView(view, gen, query) {
    const plan = query.get('plan') || '';
    const [plans, data] = await Promise.all([
      api('GET', 'plans'),
      api('GET', `scale-in/decisions?limit=200${plan ? `&plan=${encodeURIComponent(plan)}` : ''}`),
    ]);
    if (gen !== generation) return;
    const select = el('select', { name: 'plan', onchange: e => {
      location.hash = e.target.value ? `#/decisions?plan=${encodeURIComponent(e.target.value)}` : '#/decisions';
    } },
    el('option', { value: '' }, 'all plans'),
    (plans.plans || []).map(p => el('option', { value: p.id, selected: p.id === plan ? 'selected' : null }, p.name)));
    const entries = (data.decisions || []).slice().reverse();
    view.replaceChildren(
      el('h1', null, 'Decisions'),
      el('div', { class: 'filters' }, el('label', null, 'Plan', select)),
      entries.length
        ? el('table', { class: 'decisions' },
          el('thead', null, el('tr', null, ['At', 'Plan', 'Kind', 'Decision', 'Deciding rule', 'Reason'].map(h => el('th', null, h)))),
          el('tbody', null, entries.map(e => {
            const d = e.detail && typeof e.detail === 'object' ? e.detail : {};
            return el('tr', { class: 'decision' },
              el('td', null, when(e.at)),
              el('td', null, siteName(e.planId)),
              el('td', null, badge(e.kind)),
              el('td', null, d.action ? [badge(d.action), typeof d.fromCapacity === 'number' ? ` ${d.fromCapacity} → ${d.toCapacity}` : ''] : '—'),
              el('td', null, d.decidingRule ? el('code', null, d.decidingRule) : '—'),
              el('td', { class: 'reason' }, d.reason ? el('code', null, d.reason) : null, d.reason ? ' ' : null, d.message || e.summary));
          })))
        : el('p', { class: 'muted' }, 'No journal entries yet.'));
    schedule(LIST_POLL_MS * 2, gen);
  }

  // ---- router ----
  function schedule(ms, gen) {
    clearTimeout(timer);
    timer = setTimeout(() => { if (gen === generation) render(true); }, ms);
  }

  async function render(refresh) {
    clearTimeout(timer);
    const gen = refresh ? generation : ++generation;
    const hash = location.hash || '#/fleet';
    const [path, search] = hash.slice(1).split('?');
    const query = new URLSearchParams(search || '');
    const parts = path.split('/').filter(Boolean);
    const name = parts[0] || 'fleet';
    for (const a of document.querySelectorAll('nav a')) a.classList.toggle('active', a.dataset.view === (name === 'release' ? 'releases' : name));
    const view = document.getElementById('view');
    if (!refresh) notice('');
    if (!key()) {
      view.replaceChildren();
      showKeyPrompt();
      return;
    }
    document.getElementById('key-prompt').hidden = true;
    document.getElementById('forget-key').hidden = false;
    try {
      if (name === 'releases') await releasesView(view, gen, query);
      else if (name === 'release' && parts[1]) await releaseView(view, gen, decodeURIComponent(parts[1]));
      else if (name === 'decisions') await decisionsView(view, gen, query);
      else await fleetView(view, gen);
      if (gen === generation && refresh) notice('');
    } catch (e) {
      if (e instanceof NeedKey || gen !== generation) {
        if (e instanceof NeedKey) view.replaceChildren();
        return;
      }
      notice(e instanceof ApiError ? `${e.title ? `${e.title}: ` : ''}${e.detail || e.message} (${e.status})` : `The console failed: ${e.message}`);
      // A running view keeps polling through a transient error.
      schedule(RELEASE_POLL_MS * 2, gen);
    }
  }

  document.addEventListener('DOMContentLoaded', () => {
    document.getElementById('key-form').addEventListener('submit', e => {
      e.preventDefault();
      const input = document.getElementById('key-input');
      const value = input.value.trim();
      if (!value) return;
      sessionStorage.setItem(KEY, value);
      input.value = '';
      render();
    });
    document.getElementById('forget-key').addEventListener('click', () => {
      sessionStorage.removeItem(KEY);
      render();
    });
    window.addEventListener('hashchange', () => render());
    render();
  });
})();
