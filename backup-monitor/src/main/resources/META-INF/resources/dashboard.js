// TextLoom Backup Monitor dashboard: polls /api/metrics and /api/alerts every few seconds (no reload).
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
      charts[id].data.datasets.forEach((d, i) => { d.data = datasets[i].data; });
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
  setInterval(refresh, REFRESH_MS);
}());
