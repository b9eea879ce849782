// TextLoom Backup Monitor dashboard: polls /api/metrics, /api/alerts and /api/recovery (+ objectives) every few
// seconds (no reload).
(function () {
  'use strict';
  const REFRESH_MS = 3000;
  const charts = {};

  function pct(rate) { return (rate * 100).toFixed(1) + '%'; }
  function hours(h) { return h === null || h === undefined ? 'n/a' : h.toFixed(2) + ' h'; }
  function bytes(n) {
    if (n === null || n === undefined) { return 'n/a'; }
    const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
    let i = 0;
    while (n >= 1024 && i < units.length - 1) { n /= 1024; i++; }
    return n.toFixed(i === 0 ? 0 : 1) + ' ' + units[i];
  }
  function text(id, value, raw) {
    const el = document.getElementById(id);
    el.textContent = value;
    el.dataset.value = raw === null || raw === undefined ? '' : String(raw);
  }
  function cell(row, value, cls) {
    const td = document.createElement('td');
    td.textContent = value === null || value === undefined ? '' : String(value);
    if (cls) { td.className = cls; }
    row.appendChild(td);
    return td;
  }
  function headers(json) {
    const h = json ? { 'Content-Type': 'application/json' } : {};
    const key = sessionStorage.getItem('backup_api_key');
    if (key) { h['X-API-Key'] = key; }
    return h;
  }

  function chart(id, type, labels, datasets) {
    if (typeof Chart === 'undefined') { return; }
    if (charts[id]) {
      charts[id].data.labels = labels;
      if (charts[id].data.datasets.length !== datasets.length) {
        charts[id].data.datasets = datasets;
      } else {
        charts[id].data.datasets.forEach((d, i) => { d.data = datasets[i].data; });
      }
      charts[id].update('none');
      return;
    }
    charts[id] = new Chart(document.getElementById(id), {
      type: type, data: { labels: labels, datasets: datasets },
      options: { animation: false, responsive: true, scales: { y: { beginAtZero: true } } }
    });
  }

  function renderMetrics(m) {
    text('backup-success-rate', pct(m.backup_success_rate), m.backup_success_rate);
    text('last-backup-age', hours(m.last_backup_age_hours), m.last_backup_age_hours);
    text('disk-used', m.disk_space_used_percent === null ? 'n/a' : m.disk_space_used_percent.toFixed(1) + '%',
      m.disk_space_used_percent);
    text('avg-success-rate', pct(m.history_stats.avg_success_rate), m.history_stats.avg_success_rate);
    text('avg-backup-age', hours(m.history_stats.avg_backup_age_hours), m.history_stats.avg_backup_age_hours);
    text('active-alert-count', String(m.alerts.active), m.alerts.active);
    text('monitoring-status', m.monitor.caught_up ? 'running' : 'starting', null);
    text('monitor-node', m.monitor.node, null);
    document.getElementById('monitor-leader').textContent = m.monitor.leader ? '(leader)' : '(replica)';
    text('updated-at', new Date().toLocaleTimeString(), m.timestamp);

    const days = m.history.map(d => d.day);
    chart('chart-backups', 'bar', days, [
      { label: 'successful', data: m.history.map(d => d.successes), backgroundColor: '#38a169' },
      { label: 'not successful', data: m.history.map(d => d.backups - d.successes), backgroundColor: '#e53e3e' }]);
    chart('chart-age', 'line', days, [
      { label: 'avg backup age (h)', data: m.history.map(d => d.avg_backup_age_hours), borderColor: '#3182ce' }]);
    chart('chart-bytes', 'bar', days, [
      { label: 'bytes stored', data: m.history.map(d => d.bytes_stored), backgroundColor: '#805ad5' }]);

    const comp = document.querySelector('#components tbody');
    comp.replaceChildren();
    m.components.forEach(c => {
      const r = document.createElement('tr');
      cell(r, c.component); cell(r, c.tier);
      cell(r, c.last_success ? new Date(c.last_success).toLocaleString() : 'never');
      cell(r, c.last_success ? c.age_hours.toFixed(2) : '', c.rpo_hours !== null && c.age_hours > c.rpo_hours ? 'down' : '');
      cell(r, c.rpo_hours);
      comp.appendChild(r);
    });

    const targets = document.querySelector('#targets tbody');
    targets.replaceChildren();
    [['service', m.services], ['storage', m.storage_backends]].forEach(([kind, list]) => {
      list.forEach(t => {
        const r = document.createElement('tr');
        r.dataset.name = t.name;
        cell(r, kind); cell(r, t.name); cell(r, t.up ? 'up' : 'down', t.up ? 'up' : 'down'); cell(r, t.detail);
        targets.appendChild(r);
      });
    });

    const totals = document.querySelector('#totals tbody');
    totals.replaceChildren();
    const t = m.totals;
    [['backups', t.backups], ['successful', t.successes], ['bytes read', bytes(t.bytes_read)],
     ['bytes new (after dedup)', bytes(t.bytes_new)], ['bytes stored', bytes(t.bytes_stored)],
     ['dedup ratio', t.dedup_ratio === null ? 'n/a' : t.dedup_ratio.toFixed(2)],
     ['avg duration', t.avg_duration_seconds.toFixed(1) + ' s'],
     ['disk used', m.disk ? bytes(m.disk.used_bytes) + ' of ' + bytes(m.disk.total_bytes) : 'n/a']]
      .forEach(([k, v]) => { const r = document.createElement('tr'); cell(r, k); cell(r, v); totals.appendChild(r); });
  }

  function renderAlerts(list) {
    const body = document.querySelector('#alerts tbody');
    body.replaceChildren();
    list.alerts.forEach(a => {
      const r = document.createElement('tr');
      r.dataset.alertId = a.alert_id;
      r.className = 'alert-row';
      cell(r, a.severity, 'sev-' + a.severity);
      cell(r, a.rule);
      cell(r, a.message);
      cell(r, new Date(a.raised_at).toLocaleString());
      cell(r, a.status, 'alert-status');
      const td = document.createElement('td');
      if (a.status === 'active') {
        const b = document.createElement('button');
        b.className = 'ack';
        b.dataset.alertId = a.alert_id;
        b.textContent = 'Acknowledge';
        b.addEventListener('click', () => acknowledge(a.alert_id, b));
        td.appendChild(b);
      } else {
        td.textContent = a.acknowledged_by ? 'by ' + a.acknowledged_by : '';
      }
      r.appendChild(td);
      body.appendChild(r);
    });
    document.getElementById('no-alerts').hidden = list.alerts.length > 0;
  }

  async function acknowledge(id, button) {
    button.disabled = true;
    const err = document.getElementById('ack-error');
    let res = await fetch('/api/alerts/' + encodeURIComponent(id) + '/acknowledge', {
      method: 'POST', headers: headers(true), body: JSON.stringify({ acknowledged_by: 'dashboard' })
    });
    if (res.status === 401 || res.status === 403) {
      const key = window.prompt('API key (BACKUP_API_KEY) to acknowledge alerts:');
      if (key) {
        sessionStorage.setItem('backup_api_key', key);
        res = await fetch('/api/alerts/' + encodeURIComponent(id) + '/acknowledge', {
          method: 'POST', headers: headers(true), body: JSON.stringify({ acknowledged_by: 'dashboard' })
        });
      }
    }
    if (!res.ok) {
      err.textContent = 'Acknowledge failed: HTTP ' + res.status;
      err.hidden = false;
      button.disabled = false;
      return;
    }
    err.hidden = true;
    refresh();
  }

  function duration(seconds) {
    if (seconds === null || seconds === undefined) { return 'n/a'; }
    const s = Math.round(seconds);
    if (s < 60) { return s + 's'; }
    const h = Math.floor(s / 3600), m = Math.floor((s % 3600) / 60), r = s % 60;
    const parts = [];
    if (h) { parts.push(h + 'h'); }
    if (m) { parts.push(m + 'm'); }
    if (r && !h) { parts.push(r + 's'); }
    return parts.join(' ');
  }
  function met(value) { return value === null || value === undefined ? 'n/a' : (value ? 'met' : 'not met'); }
  function metClass(value) { return value === null || value === undefined ? '' : (value ? 'up' : 'down'); }
  function link(row, href, label) {
    const td = document.createElement('td');
    if (href) {
      const a = document.createElement('a');
      a.href = href;
      a.className = 'report';
      a.target = '_blank';
      a.rel = 'noopener';
      a.textContent = label;
      td.appendChild(a);
    }
    row.appendChild(td);
  }
  function drillState(s) {
    if (!s) { return ''; }
    const problems = [];
    if (s.drill_failed) { problems.push('failed'); }
    if (s.rto_exceeded) { problems.push('over RTO'); }
    if (s.drill_overdue) { problems.push('overdue'); }
    if (s.recovery_failed) { problems.push('recovery failed'); }
    return problems.length ? problems.join(', ') : 'ok';
  }

  // the guide's RTO/RPO table (disaster-recovery's GET /api/objectives, relayed by the monitor) with the monitor's
  // own view of each scenario's drills
  function renderObjectives(o, view) {
    const err = document.getElementById('objectives-error');
    err.textContent = o.error ? 'disaster-recovery: ' + o.error : '';
    err.hidden = !o.error;
    const byName = {};
    view.scenarios.forEach(s => { byName[s.scenario] = s; });
    const body = document.querySelector('#objectives tbody');
    body.replaceChildren();
    (o.scenarios || []).forEach(x => {
      const r = document.createElement('tr');
      r.dataset.scenario = x.scenario;
      cell(r, x.scenario);
      cell(r, duration(x.rto_target_seconds), 'rto-target');
      cell(r, duration(x.measured_rto_seconds), 'rto-measured');
      cell(r, met(x.rto_met), 'rto-met ' + metClass(x.rto_met));
      cell(r, duration(x.rpo_target_seconds), 'rpo-target');
      cell(r, duration(x.achievable_rpo_seconds), 'rpo-achievable');
      cell(r, met(x.rpo_met), 'rpo-met ' + metClass(x.rpo_met));
      link(r, x.last_drill_id ? '/api/recovery/drills/' + encodeURIComponent(x.last_drill_id) + '/report' : null,
        x.last_drill_at ? new Date(x.last_drill_at).toLocaleString() : x.last_drill_id);
      const state = drillState(byName[x.scenario]);
      cell(r, state, 'drill-state ' + (state === 'ok' ? 'up' : state ? 'down' : ''));
      body.appendChild(r);
    });
  }

  function renderRuns(view) {
    const body = document.querySelector('#runs tbody');
    body.replaceChildren();
    const runs = view.drills.concat(view.recoveries)
      .sort((a, b) => new Date(b.completed_at) - new Date(a.completed_at));
    runs.forEach(x => {
      const r = document.createElement('tr');
      r.dataset.runId = x.id;
      cell(r, x.kind + (x.dry_run ? ' (dry run)' : ''));
      cell(r, x.scenario);
      cell(r, x.status, 'run-status ' + (x.status === 'success' ? 'up' : 'down'));
      cell(r, new Date(x.completed_at).toLocaleString());
      cell(r, duration(x.duration_seconds));
      cell(r, duration(x.rto_target_seconds));
      cell(r, met(x.rto_met), metClass(x.rto_met));
      link(r, x.report_url, 'report');
      body.appendChild(r);
    });
    document.getElementById('no-runs').hidden = runs.length > 0;

    const times = [...new Set(view.rto_history.flatMap(h => h.points.map(p => p.at)))].sort();
    const colors = ['#3182ce', '#38a169', '#d69e2e', '#805ad5', '#e53e3e'];
    chart('chart-rto', 'line', times.map(t => new Date(t).toLocaleString()), view.rto_history.map((h, i) => {
      const at = {};
      h.points.forEach(p => { at[p.at] = p.rto_seconds; });
      return { label: h.scenario, data: times.map(t => at[t] === undefined ? null : at[t]), spanGaps: true,
        borderColor: colors[i % colors.length] };
    }));
  }

  async function refreshRecovery() {
    try {
      const view = await fetch('/api/recovery').then(r => r.json());
      renderRuns(view);
      const o = await fetch('/api/recovery/objectives').then(r => r.json());
      renderObjectives(o, view);
    } catch (e) {
      const err = document.getElementById('objectives-error');
      err.textContent = 'recovery figures unavailable: ' + e;
      err.hidden = false;
    }
  }

  async function refresh() {
    try {
      const [m, a] = await Promise.all([
        fetch('/api/metrics', { headers: headers(false) }).then(r => r.json()),
        fetch('/api/alerts?status=open', { headers: headers(false) }).then(r => r.json())]);
      renderMetrics(m);
      renderAlerts(a);
    } catch (e) {
      text('monitoring-status', 'unreachable', null);
    }
  }

  refresh();
  refreshRecovery();
  setInterval(refresh, REFRESH_MS);
  setInterval(refreshRecovery, REFRESH_MS);
}());
