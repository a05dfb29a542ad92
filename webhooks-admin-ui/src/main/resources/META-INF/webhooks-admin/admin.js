// The webhooks admin pages: one page, hash routes, plain DOM. Everything goes through the admin JSON API
// (./api/...) and the hooks REST API; every change carries the CSRF token the API handed out.
'use strict';

(function () {
	const api = 'api';
	let session = null;
	// a message for the page the next route shows
	let pendingFlash = null;

	// ---- small DOM helpers: text is always set as text, never as HTML ----

	function el(tag, attributes, ...children) {
		const node = document.createElement(tag);
		for (const [name, value] of Object.entries(attributes || {})) {
			if (value === null || value === undefined || value === false) {
				continue;
			}
			if (name.startsWith('on')) {
				node.addEventListener(name.substring(2), value);
			}
			else if (value === true) {
				node.setAttribute(name, '');
			}
			else {
				node.setAttribute(name, value);
			}
		}
		for (const child of children.flat(Infinity)) {
			if (child !== null && child !== undefined && child !== false) {
				node.append(child instanceof Node ? child : String(child));
			}
		}
		return node;
	}

	function svg(tag, attributes, ...children) {
		const node = document.createElementNS('http://www.w3.org/2000/svg', tag);
		for (const [name, value] of Object.entries(attributes || {})) {
			node.setAttribute(name, value);
		}
		children.flat(Infinity).forEach((child) => node.append(child instanceof Node ? child : String(child)));
		return node;
	}

	function show(...nodes) {
		const main = document.getElementById('main');
		main.replaceChildren(...nodes);
		document.body.dataset.state = 'ready';
	}

	function flash(message, isError) {
		const box = document.getElementById('flash');
		box.textContent = message;
		box.className = isError ? 'error' : '';
		box.hidden = !message;
	}

	function time(value) {
		if (!value) {
			return '';
		}
		const date = new Date(value);
		const pad = (n) => String(n).padStart(2, '0');
		return date.getFullYear() + '-' + pad(date.getMonth() + 1) + '-' + pad(date.getDate()) + ' '
			+ pad(date.getHours()) + ':' + pad(date.getMinutes()) + ':' + pad(date.getSeconds());
	}

	function age(seconds) {
		if (seconds < 60) {
			return seconds + ' s';
		}
		if (seconds < 3600) {
			return Math.floor(seconds / 60) + ' min';
		}
		return Math.floor(seconds / 3600) + ' h ' + Math.floor((seconds % 3600) / 60) + ' min';
	}

	function status(value) {
		return el('span', { class: 'status ' + value }, value);
	}

	// ---- HTTP ----

	class Problem extends Error {
		constructor(status, body) {
			super((body && (body.detail || body.title)) || ('HTTP ' + status));
			this.status = status;
			this.body = body || {};
		}
	}

	async function call(method, url, body) {
		const headers = { 'Accept': 'application/json, application/problem+json' };
		if (body !== undefined) {
			headers['Content-Type'] = 'application/json';
		}
		if (method !== 'GET' && session && session.csrf) {
			headers[session.csrf.headerName] = session.csrf.token;
		}
		const response = await fetch(url, { method, headers, credentials: 'same-origin',
			body: (body !== undefined) ? JSON.stringify(body) : undefined });
		const text = await response.text();
		let json = null;
		try {
			json = text ? JSON.parse(text) : null;
		}
		catch (ex) {
			json = null;
		}
		if (!response.ok) {
			throw new Problem(response.status, json);
		}
		return json;
	}

	function hooksApi(path) {
		return session.hooksApiPath + (path || '');
	}

	function failed(ex) {
		flash(ex.message || String(ex), true);
		document.body.dataset.state = 'ready';
	}

	// ---- routing ----

	function route() {
		const hash = location.hash.replace(/^#/, '') || '/';
		const [path, query] = hash.split('?');
		const parts = path.split('/').filter(Boolean);
		const params = new URLSearchParams(query || '');
		document.querySelectorAll('header nav a').forEach((a) => {
			a.classList.toggle('active', a.dataset.nav === (parts[0] || 'dashboard'));
		});
		document.body.dataset.state = 'loading';
		if (parts[0] === 'hooks') {
			return (parts.length > 1) ? hookForm(parts[1] === 'new' ? null : parts[1]) : hooks();
		}
		if (parts[0] === 'targets') {
			return (parts.length > 1) ? target(decodeURIComponent(parts.slice(1).join('/'))) : targets();
		}
		if (parts[0] === 'deliveries') {
			return (parts.length > 1) ? delivery(decodeURIComponent(parts[1])) : deliveries(params);
		}
		return dashboard();
	}

	// ---- dashboard ----

	async function dashboard() {
		const [data, targetsPart] = await Promise.all([call('GET', api + '/dashboard'), targetsSection()]);
		const counts = data.counts;
		const card = (label, value, id) => el('div', { class: 'card', id },
			el('div', { class: 'label' }, label), el('div', { class: 'value' }, value));
		const failing = data.failingTargets.length === 0
			? el('p', { class: 'muted' }, 'No target failed recently.')
			: el('table', { id: 'failing-targets' },
				el('thead', {}, el('tr', {}, ['Target', 'Failing deliveries', 'Last failure', 'Last error']
					.map((h) => el('th', {}, h)))),
				el('tbody', {}, data.failingTargets.map((t) => el('tr', {},
					el('td', {}, el('a', { href: '#/deliveries?target=' + encodeURIComponent(t.target) }, t.targetLabel)),
					el('td', {}, t.failingDeliveries),
					el('td', {}, time(t.lastFailureAt)),
					el('td', { class: 'error' }, t.lastError || '')))));
		show(el('h1', {}, 'Dashboard'),
			el('div', { class: 'cards' },
				card('Pending', counts.PENDING, 'count-pending'),
				card('In flight', counts.IN_FLIGHT, 'count-in-flight'),
				card('Succeeded', counts.SUCCEEDED, 'count-succeeded'),
				card('Failed', counts.FAILED, 'count-failed'),
				card('Cancelled', counts.CANCELLED, 'count-cancelled'),
				card('Oldest pending', data.oldestPendingCreatedAt ? age(data.oldestPendingAgeSeconds) : 'none',
					'oldest-pending')),
			el('div', { class: 'panel' },
				el('h2', {}, 'Deliveries per minute, last ' + session.chartHours + ' h'),
				chart(data.perMinute, new Date(data.chartSince), new Date(data.now))),
			targetsPart, el('h2', {}, 'Failing targets'), failing);
	}

	function chart(perMinute, since, now) {
		// the current minute is still running, and has its bar too
		const minutes = Math.floor((now - since) / 60000) + 1;
		const counts = new Map(perMinute.map((m) => [Math.round((new Date(m.minute) - since) / 60000), m.created]));
		const max = Math.max(1, ...counts.values());
		const width = 1000, height = 180, left = 40, bottom = 20, top = 8;
		const plotWidth = width - left - 8, plotHeight = height - bottom - top;
		const barWidth = plotWidth / minutes;
		const node = svg('svg', { class: 'chart', id: 'chart', viewBox: '0 0 ' + width + ' ' + height,
			preserveAspectRatio: 'none', role: 'img', 'aria-label': 'deliveries per minute' });
		node.append(svg('line', { class: 'axis', x1: left, y1: top + plotHeight, x2: width - 8, y2: top + plotHeight }));
		node.append(svg('text', { x: 4, y: top + 10 }, max));
		node.append(svg('text', { x: 4, y: top + plotHeight }, 0));
		for (const [index, count] of counts) {
			if (index < 0 || index >= minutes) {
				continue;
			}
			const barHeight = Math.max(1, plotHeight * count / max);
			const bar = svg('rect', { class: 'bar', x: left + index * barWidth, y: top + plotHeight - barHeight,
				width: Math.max(1, barWidth - 1), height: barHeight });
			bar.append(svg('title', {}, time(new Date(since.getTime() + index * 60000)) + ': ' + count));
			node.append(bar);
		}
		for (let hour = 0; hour <= minutes / 60; hour++) {
			const x = left + hour * 60 * barWidth;
			node.append(svg('text', { x: Math.min(x, width - 40), y: height - 4 },
				time(new Date(since.getTime() + hour * 3600000)).substring(11, 16)));
		}
		return node;
	}

	// ---- targets: state badges, the list, one target's view with disable and enable ----

	const TARGET_STATES = { 'ok': 'ok', 'circuit-open': 'open circuit', 'throttled': 'throttled', 'disabled': 'disabled' };

	function targetBadge(t) {
		const text = (t.state === 'circuit-open' && t.circuit === 'half-open') ? 'half-open circuit'
			: (TARGET_STATES[t.state] || t.state);
		return el('span', { class: 'status target-' + t.state, 'data-state': t.state }, text);
	}

	function targetHref(target) {
		return '#/targets/' + encodeURIComponent(target);
	}

	// a delivery's target, linked to its view
	function targetLink(target, label) {
		return el('a', { class: 'target-link', href: targetHref(target) }, label);
	}

	function targetDeliveriesHref(t) {
		return '#/deliveries?' + (t.kind === 'hook' ? 'hook=' + encodeURIComponent(t.id)
			: 'target=' + encodeURIComponent(t.target));
	}

	function laneText(t) {
		const cap = (t.maxConcurrency === null || t.maxConcurrency === undefined) ? 'no cap' : t.maxConcurrency;
		return t.inFlight + ' / ' + cap + (t.waiting > 0 ? ' (+' + t.waiting + ' waiting)' : '');
	}

	function rateText(t) {
		return t.ratePerSecond > 0 ? t.ratePerSecond + '/s' : 'none';
	}

	function targetsTable(items) {
		return el('table', { id: 'targets' },
			el('thead', {}, el('tr', {}, ['Target', 'Kind', 'State', 'Since / until', 'In flight / cap', 'Rate limit',
				'Failing', 'URL'].map((h) => el('th', {}, h)))),
			el('tbody', {}, items.map((t) => el('tr', { 'data-target': t.target, 'data-state': t.state },
				el('td', {}, el('a', { href: targetHref(t.target) }, t.label)),
				el('td', {}, t.kind),
				el('td', {}, targetBadge(t), t.disabledReason ? el('span', { class: 'muted' }, ' ' + t.disabledReason) : null),
				el('td', {}, time(t.state === 'disabled' ? t.disabledSince
					: (t.state === 'circuit-open' ? t.circuitOpenUntil : t.throttledUntil))),
				el('td', {}, laneText(t)),
				el('td', {}, rateText(t)),
				el('td', {}, t.failingDeliveries || ''),
				el('td', { class: 'mono' }, t.url || '')))));
	}

	// the dashboard's section: fetched apart, so a failure here leaves the rest of the dashboard shown
	async function targetsSection() {
		try {
			const data = await call('GET', api + '/targets');
			return el('section', { id: 'targets-section' }, el('h2', {}, 'Targets'),
				data.items.length === 0 ? el('p', { class: 'muted' }, 'No targets yet.') : targetsTable(data.items),
				data.dispatcher ? el('p', { class: 'muted' }, 'Circuits, pauses and lanes are this instance\'s own view.')
					: el('p', { class: 'muted' }, 'This instance runs no dispatcher: circuits and lanes are not shown.'));
		}
		catch (ex) {
			return el('section', { id: 'targets-section' }, el('h2', {}, 'Targets'),
				el('p', { class: 'error' }, 'Targets could not be read: ' + ex.message));
		}
	}

	async function targets() {
		const data = await call('GET', api + '/targets');
		show(el('h1', {}, 'Targets'),
			data.items.length === 0 ? el('p', { class: 'muted' }, 'No targets yet.') : targetsTable(data.items),
			el('p', { class: 'muted' }, data.dispatcher ? 'Circuits, pauses and lanes are this instance\'s own view.'
				: 'This instance runs no dispatcher: circuits and lanes are not shown.'));
	}

	async function target(value) {
		const data = await call('GET', api + '/targets/' + encodeURIComponent(value));
		const t = data.target;
		const act = async (action, question) => {
			if (!confirm(question)) {
				return;
			}
			try {
				const result = await call('POST', api + '/targets/' + encodeURIComponent(t.target) + '/' + action);
				const parked = (result.target.pendingDeliveries >= result.target.countLimit)
					? 'more than ' + result.target.countLimit : result.deliveries;
				flash(t.label + ' ' + result.action + (action === 'disable'
					? ': ' + parked + ' pending deliveries parked.'
					: ': ' + result.deliveries + ' parked deliveries are due now.'));
				target(value).catch(failed);
			}
			catch (ex) {
				failed(ex);
			}
		};
		const meta = (label, content, id) => [el('dt', {}, label), el('dd', { id }, content)];
		// past the limit, only the newest pending deliveries were counted, and the parked among them
		const capped = data.pendingDeliveries >= data.countLimit;
		const pendingText = capped
			? 'more than ' + data.countLimit + ' (' + data.parkedDeliveries + ' of the newest ' + data.countLimit + ' parked)'
			: data.pendingDeliveries + (data.parkedDeliveries > 0 ? ', ' + data.parkedDeliveries + ' parked' : '');
		const disabledText = t.enabled ? 'no' : ['since ' + time(t.disabledSince),
			t.disabledReason ? ', ' + t.disabledReason : ', reason not known on this instance',
			t.disabledBy ? ' (by ' + t.disabledBy + ')' : ''].join('');
		show(el('h1', {}, t.kind === 'hook' ? 'Hook ' : 'Server ', el('span', { class: 'mono' }, t.label)),
			el('div', { class: 'toolbar', id: 'target-view', 'data-target': t.target },
				el('span', { id: 'target-state' }, targetBadge(t)),
				t.enabled
					? el('button', { id: 'target-disable', class: 'danger', onclick: () => act('disable',
						'Disable ' + t.label + '? Its pending deliveries are parked, kept but not sent, until it is enabled again.') },
						'Disable')
					: el('button', { id: 'target-enable', class: 'primary', onclick: () => act('enable',
						'Enable ' + t.label + '? Its parked deliveries (' + (capped ? 'more than ' + data.countLimit
							: data.parkedDeliveries) + ') are sent now.') },
						'Enable'),
				el('button', { id: 'target-reload', onclick: () => target(value).catch(failed) }, 'Reload'),
				el('a', { class: 'button', href: targetDeliveriesHref(t) }, 'Deliveries'),
				t.kind === 'hook' && session.hooksApiPath ? el('a', { class: 'button', href: '#/hooks/' + t.id }, 'Edit hook')
					: null),
			el('div', { class: 'panel' }, el('dl', { class: 'meta', id: 'target-details' },
				meta('Target', el('span', { class: 'mono' }, t.target)),
				meta('URL', el('span', { class: 'mono' }, t.url || 'not known'), 'target-url'),
				t.kind === 'hook' ? meta('Hook', t.hookEnabled === null ? 'deleted' : (t.hookEnabled ? 'enabled' : 'paused'))
					: null,
				meta('Disabled', disabledText, 'target-disabled'),
				meta('Circuit', data.dispatcher ? t.circuit + (t.circuitOpenUntil ? ', probe at ' + time(t.circuitOpenUntil) : '')
					+ (data.lastFailureRate > 0 ? ' (' + Math.round(data.lastFailureRate * 100) + '% failed when it last opened)' : '')
					: 'no dispatcher on this instance', 'target-circuit'),
				meta('Throttled until', t.throttledUntil ? time(t.throttledUntil) : 'not throttled', 'target-throttled'),
				meta('In flight / cap', laneText(t), 'target-lane'),
				meta('Rate limit', rateText(t)),
				meta('Pending deliveries', pendingText, 'target-pending'),
				meta('Failing deliveries', t.failingDeliveries + (t.lastFailureAt ? ', last at ' + time(t.lastFailureAt) : '')),
				meta('Last error', t.lastError || ''),
				meta('Deferred / throttled', data.deferred + ' deferred, ' + data.throttledResponses + ' throttling responses'))),
			el('p', { class: 'muted' }, 'Circuit, pause and lane are this instance\'s own view; the disabled state is '
				+ 'shared by every instance.'));
	}

	// ---- hooks ----

	async function hooks() {
		if (!session.hooksApiPath) {
			show(el('h1', {}, 'Hooks'), el('p', {}, 'Runtime hooks or their REST API are switched off.'));
			return;
		}
		const list = await call('GET', hooksApi());
		const rows = list.map((hook) => el('tr', { 'data-hook-id': hook.id },
			el('td', {}, el('a', { href: '#/hooks/' + hook.id }, hook.name)),
			el('td', {}, hook.entityType),
			el('td', {}, hook.events.join(', ')),
			el('td', { class: 'mono' }, hook.httpMethod + ' ' + hook.url, limitsText(hook)
				? el('div', { class: 'muted hook-limits' }, limitsText(hook)) : null),
			el('td', {}, el('span', { class: 'status ' + (hook.enabled ? 'enabled' : 'disabled') },
				hook.enabled ? 'enabled' : 'disabled')),
			el('td', { class: 'mono' }, hook.secret, hook.previousKeys.length > 0
				? el('div', { class: 'muted' }, '+' + hook.previousKeys.length + ' previous, signing until '
					+ time(hook.previousKeys.map((key) => key.expiresAt).sort().slice(-1)[0])) : null),
			el('td', {},
				el('button', { onclick: () => toggle(hook) }, hook.enabled ? 'Disable' : 'Enable'), ' ',
				el('button', { onclick: () => testSend(hook) }, 'Send test'), ' ',
				el('a', { class: 'button', href: '#/deliveries?hook=' + hook.id }, 'Deliveries'), ' ',
				el('button', { class: 'danger', onclick: () => remove(hook) }, 'Delete'))));
		show(el('div', { class: 'toolbar' }, el('h1', {}, 'Hooks'), el('span', { class: 'spacer' }),
			el('a', { class: 'button primary', href: '#/hooks/new', id: 'new-hook' }, 'New hook')),
		list.length === 0 ? el('p', { class: 'muted' }, 'No hooks yet.')
			: el('table', { id: 'hooks' }, el('thead', {}, el('tr', {},
				['Name', 'Entity', 'Events', 'Request', 'State', 'Secret', ''].map((h) => el('th', {}, h)))),
			el('tbody', {}, rows)));
	}

	async function toggle(hook) {
		try {
			await call('POST', hooksApi('/' + hook.id + (hook.enabled ? '/disable' : '/enable')));
			flash('Hook ' + hook.name + (hook.enabled ? ' disabled.' : ' enabled.'));
			hooks();
		}
		catch (ex) {
			failed(ex);
		}
	}

	async function remove(hook) {
		if (!confirm('Delete hook ' + hook.name + '? Its queued deliveries will fail.')) {
			return;
		}
		try {
			await call('DELETE', hooksApi('/' + hook.id));
			flash('Hook ' + hook.name + ' deleted.');
			hooks();
		}
		catch (ex) {
			failed(ex);
		}
	}

	async function testSend(hook) {
		try {
			const result = await call('POST', hooksApi('/' + hook.id + '/test'), { sample: sampleFor(hook.entityType) });
			flash('Test of ' + hook.name + ': ' + (result.error ? result.error : 'HTTP ' + result.statusCode
				+ (result.responseExcerpt ? ' ' + result.responseExcerpt.substring(0, 120) : '')), !!result.error
				|| result.statusCode >= 300);
		}
		catch (ex) {
			failed(ex);
		}
	}

	function sampleFor(entityType) {
		const sample = {};
		(session.entityTypes[entityType] || []).forEach((attribute, i) => {
			sample[attribute] = (attribute === 'id') ? 1 : 'sample ' + attribute;
		});
		return sample;
	}

	const OPERATORS = ['equals', 'starts-with', 'ends-with', 'contains', 'regex', 'any'];

	// a hook's own limits, e.g. "max 2 in flight, 5/s (burst 10)"; empty where it takes the dispatcher's defaults
	function limitsText(hook) {
		const parts = [];
		if (hook.maxConcurrency != null) {
			parts.push('max ' + hook.maxConcurrency + ' in flight');
		}
		if (hook.rateLimit != null) {
			parts.push(hook.rateLimit + '/s' + (hook.burst != null ? ' (burst ' + hook.burst + ')' : ''));
		}
		return parts.join(', ');
	}

	async function hookForm(id) {
		const hook = id ? await call('GET', hooksApi('/' + id)) : null;
		const entityNames = Object.keys(session.entityTypes);
		const field = (name, label, input, help) => el('div', { class: 'field', 'data-field': name },
			el('label', { for: 'hook-' + name }, label), input,
			help ? el('div', { class: 'muted' }, help) : null,
			el('div', { class: 'field-error', 'data-for': name }));
		const text = (name, value, type) => el('input', { type: type || 'text', id: 'hook-' + name, name,
			value: value || '' });
		const entity = entityNames.length > 0
			? el('select', { id: 'hook-entityType', name: 'entityType' },
				entityNames.map((n) => el('option', { value: n, selected: hook && hook.entityType === n }, n)))
			: text('entityType', hook && hook.entityType);
		const events = el('div', { class: 'checks', id: 'hook-events' }, session.events.map((event) =>
			el('label', {}, el('input', { type: 'checkbox', name: 'events', value: event,
				checked: hook ? hook.events.includes(event) : ['created', 'updated', 'deleted'].includes(event) }),
			' ' + event)));
		const method = el('select', { id: 'hook-httpMethod', name: 'httpMethod' },
			['POST', 'PUT', 'PATCH', 'DELETE', 'GET'].map((m) => el('option', { selected: hook && hook.httpMethod === m }, m)));
		const kind = hook ? hook.payloadKind : 'DEFAULT';
		const payloadKind = el('select', { id: 'hook-payloadKind' },
			[['DEFAULT', 'Default envelope'], ['FIELDS', 'Envelope with include / exclude lists'],
				['TEMPLATE', 'Template'], ['SERIALIZER', 'Serializer bean']]
				.map(([value, label]) => el('option', { value, selected: kind === value }, label)));
		const matchRows = el('div', { id: 'hook-match' });
		const addMatch = (condition) => matchRows.append(el('div', { class: 'match-row' },
			el('input', { type: 'text', placeholder: 'field, e.g. address.city', class: 'match-field',
				value: (condition && condition.field) || '' }),
			el('select', { class: 'match-operator' }, OPERATORS.map((o) =>
				el('option', { selected: condition && condition.operator === o }, o))),
			el('input', { type: 'text', placeholder: 'value', class: 'match-value',
				value: (condition && condition.value) || '' }),
			el('button', { type: 'button', onclick: (e) => e.target.parentElement.remove() }, '×')));
		(hook ? hook.match : []).forEach(addMatch);
		const enabled = el('input', { type: 'checkbox', id: 'hook-enabled', checked: hook ? hook.enabled : true });
		const chosenSignatures = hook ? hook.signatures.join(' ') : 'v1';
		const signatures = el('select', { id: 'hook-signatures', name: 'signatures' },
			[['v1', 'v1 (HMAC with the secret)'], ['v1a', 'v1a (ed25519; the receiver needs only the public key)'],
				['v1 v1a', 'v1 and v1a']]
				.map(([value, label]) => el('option', { value, selected: chosenSignatures === value }, label)));
		const payloadFields = el('div', {},
			field('template', 'Template', el('textarea', { id: 'hook-template', name: 'template', rows: 6 },
				(hook && hook.template) || ''), 'Placeholders: {{instance.field}}, {{event}}, '
				+ '{{event_type}}, {{entity_type}}, {{entity_id}}, {{hook_name}}.'),
			field('serializer', 'Serializer bean', text('serializer', hook && hook.serializer)),
			field('include', 'Include attributes (comma-separated)', text('include', hook && hook.include.join(', '))),
			field('exclude', 'Exclude attributes (comma-separated)', text('exclude', hook && hook.exclude.join(', '))));
		const showPayloadFields = () => {
			const value = payloadKind.value;
			payloadFields.querySelector('[data-field=template]').hidden = value !== 'TEMPLATE';
			payloadFields.querySelector('[data-field=serializer]').hidden = value !== 'SERIALIZER';
			payloadFields.querySelector('[data-field=include]').hidden = value !== 'FIELDS';
			payloadFields.querySelector('[data-field=exclude]').hidden = value !== 'FIELDS';
		};
		payloadKind.addEventListener('change', showPayloadFields);
		showPayloadFields();
		const sample = el('textarea', { id: 'sample', rows: 8 },
			JSON.stringify(sampleFor(hook ? hook.entityType : entityNames[0]), null, 2));
		if (!hook && entity.tagName === 'SELECT') {
			entity.addEventListener('change', () => {
				sample.value = JSON.stringify(sampleFor(entity.value), null, 2);
			});
		}
		const previewEvent = el('select', { id: 'preview-event' }, session.events.map((e) => el('option', {}, e)));
		const previewOutput = el('pre', { id: 'preview-output' }, 'Press Preview to render the payload for the sample.');
		const previewMatch = el('div', { id: 'preview-match', class: 'muted' });
		const form = el('form', { id: 'hook-form', novalidate: true },
			field('name', 'Name', text('name', hook && hook.name)),
			field('entityType', 'Entity', entity),
			field('events', 'Events', events),
			field('url', 'URL', text('url', hook && hook.url, 'url')),
			field('httpMethod', 'Method', method),
			field('headers', 'Extra headers, one "Name: value" per line',
				el('textarea', { id: 'hook-headers', name: 'headers', rows: 3 }, (hook && hook.headers) || '')),
			field('contentType', 'Content type', text('contentType', hook ? hook.contentType : 'application/json')),
			field('payloadKind', 'Payload', payloadKind),
			payloadFields,
			el('div', { class: 'field', 'data-field': 'match' }, el('label', {}, 'Match filter (all must hold)'),
				matchRows, el('button', { type: 'button', id: 'add-match', onclick: () => addMatch(null) },
					'Add condition'),
				el('div', { class: 'field-error', 'data-for': 'match' })),
			field('signatures', 'Signatures', signatures),
			field('maxConcurrency', 'Max requests in flight', el('input', { type: 'number', id: 'hook-maxConcurrency',
				name: 'maxConcurrency', min: 1, max: 1000, placeholder: 'default',
				value: hook && hook.maxConcurrency != null ? hook.maxConcurrency : '' }),
				'At most this many of its requests at once, from each instance. Empty: webhooks.dispatch.target-max-concurrency.'),
			field('rateLimit', 'Rate limit (requests per second)', el('input', { type: 'number', id: 'hook-rateLimit',
				name: 'rateLimit', min: 0, step: 'any', placeholder: 'default',
				value: hook && hook.rateLimit != null ? hook.rateLimit : '' }),
				'Fractions allowed: 0.5 is one every two seconds. Empty: webhooks.dispatch.target-rate-limit.'),
			field('burst', 'Burst', el('input', { type: 'number', id: 'hook-burst', name: 'burst', min: 1, max: 1000,
				placeholder: 'default', value: hook && hook.burst != null ? hook.burst : '' }),
				'Requests that may start at once after a quiet spell; only with a rate limit.'),
			el('div', { class: 'field' }, el('label', {}, enabled, ' Enabled')),
			// a new hook may be sent the logged events of the last days it would have matched
			hook ? null : el('div', { class: 'field', 'data-field': 'replay' },
				el('label', { for: 'hook-replayDays' }, 'Replay the events of the last days'),
				el('input', { type: 'number', id: 'hook-replayDays', name: 'replayDays', min: 1, placeholder: 'none' }),
				el('div', { class: 'muted' }, 'Past events the hook would have matched, sent to it oldest first '
					+ '(needs webhooks.hooks.event-log.enabled). Empty: none.'),
				el('div', { class: 'field-error', 'data-for': 'replay' })),
			el('div', { class: 'field-error', 'data-for': 'other' }),
			el('div', { class: 'toolbar' },
				el('button', { type: 'submit', class: 'primary', id: 'save-hook' }, hook ? 'Save' : 'Create'),
				el('a', { class: 'button', href: '#/hooks' }, 'Cancel')));
		const definition = () => {
			const list = (value) => value.split(',').map((s) => s.trim()).filter(Boolean);
			const value = (name) => form.querySelector('[name=' + name + ']').value;
			const number = (text) => (text.trim() === '' ? null : Number(text));
			const chosen = payloadKind.value;
			return {
				name: value('name'),
				entityType: value('entityType'),
				events: [...form.querySelectorAll('[name=events]:checked')].map((c) => c.value),
				url: value('url'),
				httpMethod: value('httpMethod'),
				headers: value('headers') || null,
				contentType: value('contentType') || null,
				template: chosen === 'TEMPLATE' ? value('template') : null,
				serializer: chosen === 'SERIALIZER' ? value('serializer') : null,
				include: chosen === 'FIELDS' ? list(value('include')) : [],
				exclude: chosen === 'FIELDS' ? list(value('exclude')) : [],
				match: [...matchRows.querySelectorAll('.match-row')].map((row) => ({
					field: row.querySelector('.match-field').value,
					operator: row.querySelector('.match-operator').value,
					value: row.querySelector('.match-value').value || null })),
				enabled: enabled.checked,
				signatures: signatures.value.split(' '),
				// empty is the dispatcher's default: a save replaces the limits like every other field
				maxConcurrency: number(value('maxConcurrency')),
				rateLimit: number(value('rateLimit')),
				burst: number(value('burst')),
			};
		};
		const showErrors = (problem) => {
			form.querySelectorAll('.field-error').forEach((e) => { e.textContent = ''; });
			form.querySelectorAll('.field.invalid').forEach((e) => e.classList.remove('invalid'));
			for (const error of (problem.body.errors || [])) {
				const base = error.field.replace(/[[.].*$/, '').replace(/^replay.*$/, 'replay');
				const target = form.querySelector('.field-error[data-for="' + base + '"]')
					|| form.querySelector('.field-error[data-for=other]');
				const message = (base === error.field) ? error.message : error.field + ': ' + error.message;
				target.textContent = target.textContent ? target.textContent + ' ' + message : message;
				const wrapper = target.closest('.field');
				if (wrapper) {
					wrapper.classList.add('invalid');
				}
			}
			if (!problem.body.errors) {
				flash(problem.message, true);
			}
		};
		form.addEventListener('submit', async (event) => {
			event.preventDefault();
			flash('');
			try {
				const replayDays = hook ? '' : form.querySelector('[name=replayDays]').value.trim();
				const saved = hook ? await call('PUT', hooksApi('/' + hook.id), definition())
					: await call('POST', hooksApi(replayDays ? '?replayDays=' + encodeURIComponent(replayDays) : ''),
						definition());
				const replayed = saved.replay ? ' ' + saved.replay.scheduled + ' past event(s) of '
					+ saved.replay.events + ' in the last ' + replayDays + ' day(s) scheduled for it.' : '';
				pendingFlash = hook ? 'Hook ' + saved.name + ' saved.' : 'Hook ' + saved.name + ' created.' + replayed
					+ ' Its signing secret, shown only now: ' + saved.secret;
				location.hash = '#/hooks';
			}
			catch (ex) {
				if (ex instanceof Problem && ex.status === 400) {
					showErrors(ex);
				}
				else {
					failed(ex);
				}
			}
		});
		const preview = async () => {
			let sampleValue;
			try {
				sampleValue = JSON.parse(sample.value || '{}');
			}
			catch (ex) {
				previewOutput.textContent = 'The sample is not JSON: ' + ex.message;
				return;
			}
			try {
				const result = await call('POST', api + '/hooks/preview',
					{ definition: definition(), sample: sampleValue, event: previewEvent.value });
				showErrors({ body: { errors: [] } });
				previewOutput.textContent = result.error ? result.error : result.payload;
				previewMatch.textContent = result.matches ? 'The match filter fires on this sample.'
					: 'The match filter does not fire on this sample (nothing would be sent).';
			}
			catch (ex) {
				if (ex instanceof Problem && ex.status === 400 && ex.body.errors) {
					showErrors(ex);
					previewOutput.textContent = 'Fix the fields marked in the form first.';
				}
				else {
					previewOutput.textContent = ex.message;
				}
			}
		};
		show(el('h1', {}, hook ? 'Hook ' + hook.name : 'New hook'),
			el('div', { class: 'form' }, el('div', { class: 'panel' }, form),
				el('div', { class: 'panel' }, el('h2', {}, 'Preview'),
					el('label', { for: 'sample' }, 'Sample instance (JSON)'), sample,
					el('div', { class: 'toolbar' }, el('div', {}, el('label', { for: 'preview-event' }, 'Event'),
						previewEvent), el('button', { type: 'button', id: 'preview-button', onclick: preview }, 'Preview')),
					previewMatch, previewOutput),
				hook ? keysPanel(hook) : null));
	}

	// the hook's keys: the current ones, those a rotation replaced (masked, with the time they stop signing), and
	// the rotations, whose old key keeps signing for the overlap window given here
	function keysPanel(hook) {
		const overlap = el('input', { type: 'text', id: 'rotation-overlap', value: session.rotationOverlap || 'PT24H',
			size: 10 });
		const rotate = async (what) => {
			flash('');
			try {
				const path = what === 'secret' ? '/rotate-secret' : '/rotate-signing-key';
				const result = await call('POST', hooksApi('/' + hook.id + path + '?overlap='
					+ encodeURIComponent(overlap.value.trim())));
				const until = result.previousSignsUntil ? ' The old one signs until ' + time(result.previousSignsUntil)
					+ '.' : ' The old one stopped signing at once.';
				const message = what === 'secret'
					? 'New secret, shown only now: ' + result.secret + '.' + until
					: 'New public key for the receiver: ' + result.publicKey + '.' + until;
				await route();
				flash(message);
			}
			catch (ex) {
				failed(ex);
			}
		};
		return el('div', { class: 'panel', id: 'hook-keys' }, el('h2', {}, 'Keys'),
			el('p', {}, 'Signatures: ', el('span', { class: 'mono' }, hook.signatures.join(', '))),
			el('p', {}, 'Secret (v1): ', el('span', { class: 'mono', id: 'hook-secret' }, hook.secret)),
			el('p', {}, 'Public key (v1a): ', hook.publicKey
				? el('span', { class: 'mono', id: 'hook-public-key' }, hook.publicKey)
				: el('span', { class: 'muted' }, 'none yet')),
			hook.previousKeys.length === 0 ? el('p', { class: 'muted' }, 'No previous keys signing.')
				: el('table', { id: 'previous-keys' }, el('thead', {}, el('tr', {},
					['Previous key', 'Signature', 'Signs until'].map((h) => el('th', {}, h)))),
				el('tbody', {}, hook.previousKeys.map((key) => el('tr', {},
					el('td', { class: 'mono' }, key.key), el('td', {}, key.version), el('td', {}, time(key.expiresAt)))))),
			el('div', { class: 'toolbar' },
				el('label', { for: 'rotation-overlap' }, 'Old key keeps signing for (ISO-8601, default '
					+ (session.rotationOverlap || 'PT24H') + ')'), overlap),
			el('div', { class: 'toolbar' },
				el('button', { type: 'button', id: 'rotate-secret', onclick: () => rotate('secret') }, 'Rotate secret'),
				el('button', { type: 'button', id: 'rotate-signing-key', onclick: () => rotate('signing-key') },
					hook.publicKey ? 'Rotate signing key' : 'Generate signing key')));
	}

	function prettify(payload) {
		try {
			return JSON.stringify(JSON.parse(payload), null, 2);
		}
		catch (ex) {
			return payload;
		}
	}

	// ---- deliveries ----

	const FILTERS = ['status', 'hook', 'target', 'entityType', 'eventType', 'from', 'to', 'id'];

	async function deliveries(params) {
		const hookList = session.hooksApiPath ? await call('GET', hooksApi()).catch(() => []) : [];
		const query = new URLSearchParams();
		FILTERS.forEach((name) => {
			if (params.get(name)) {
				query.set(name, params.get(name));
			}
		});
		if (params.get('after')) {
			query.set('after', params.get('after'));
		}
		const page = await call('GET', api + '/deliveries?' + query);
		const input = (name, label, attributes) => el('div', {}, el('label', { for: 'filter-' + name }, label),
			el('input', Object.assign({ id: 'filter-' + name, name, value: params.get(name) || '' }, attributes || {})));
		const localTime = (value) => {
			if (!value) {
				return '';
			}
			const date = new Date(value);
			return new Date(date.getTime() - date.getTimezoneOffset() * 60000).toISOString().substring(0, 16);
		};
		const filters = el('form', { id: 'filters', class: 'toolbar' },
			el('div', {}, el('label', { for: 'filter-status' }, 'Status'), el('select', { id: 'filter-status', name: 'status' },
				['', 'PENDING', 'IN_FLIGHT', 'SUCCEEDED', 'FAILED', 'CANCELLED'].map((s) =>
					el('option', { value: s, selected: params.get('status') === s }, s || 'any')))),
			el('div', {}, el('label', { for: 'filter-hook' }, 'Hook'), el('select', { id: 'filter-hook', name: 'hook' },
				el('option', { value: '' }, 'any'),
				hookList.map((h) => el('option', { value: h.id, selected: params.get('hook') === h.id }, h.name)))),
			input('target', 'Server', { size: 10 }),
			input('entityType', 'Entity type', { size: 10 }),
			input('eventType', 'Event type', { size: 10 }),
			input('from', 'Created from', { type: 'datetime-local', value: localTime(params.get('from')) }),
			input('to', 'Created before', { type: 'datetime-local', value: localTime(params.get('to')) }),
			input('id', 'Id', { size: 14 }),
			el('button', { type: 'submit', class: 'primary', id: 'apply-filters' }, 'Filter'),
			el('a', { class: 'button', href: '#/deliveries' }, 'Clear'));
		const readFilters = () => {
			const values = new URLSearchParams();
			FILTERS.forEach((name) => {
				let value = filters.querySelector('[name=' + name + ']').value.trim();
				if (value && (name === 'from' || name === 'to')) {
					value = new Date(value).toISOString();
				}
				if (value) {
					values.set(name, value);
				}
			});
			return values;
		};
		filters.addEventListener('submit', (event) => {
			event.preventDefault();
			const target = '#/deliveries?' + readFilters();
			if (location.hash === target) {
				deliveries(params).catch(failed);
			}
			else {
				location.hash = target;
			}
		});
		const rows = page.items.map((d) => el('tr', { 'data-delivery-id': d.id, 'data-status': d.status },
			el('td', {}, el('input', { type: 'checkbox', class: 'select', value: d.id })),
			el('td', { class: 'mono' }, el('a', { href: '#/deliveries/' + encodeURIComponent(d.id) }, d.id)),
			el('td', {}, status(d.status)),
			el('td', {}, targetLink(d.target, d.targetLabel)),
			el('td', {}, d.eventType),
			el('td', {}, d.entityType ? d.entityType + ' ' + (d.entityId || '') : ''),
			el('td', {}, d.attemptCount),
			el('td', {}, d.lastStatusCode || ''),
			el('td', {}, time(d.createdAt)),
			el('td', { class: 'error' }, d.lastError || '')));
		const selected = () => [...document.querySelectorAll('#deliveries .select:checked')].map((c) => c.value);
		const act = async (path, body, verb) => {
			try {
				const result = await call('POST', api + '/deliveries/' + path, body);
				flash(verb + ': ' + result.deliveries + ' deliveries' + (result.more ? ' (more remain: click again)' : '')
					+ '.');
				deliveries(params);
			}
			catch (ex) {
				failed(ex);
			}
		};
		const replaySince = el('input', { type: 'datetime-local', id: 'replay-since' });
		const next = page.next ? (() => {
			const nextParams = new URLSearchParams(params);
			nextParams.set('after', page.next);
			return el('a', { class: 'button', id: 'next-page', href: '#/deliveries?' + nextParams }, 'Next page');
		})() : null;
		show(el('h1', {}, 'Deliveries'), filters,
			el('div', { class: 'toolbar' },
				el('button', { id: 'retry-selected', onclick: () => act('retry', { ids: selected() }, 'Retried') },
					'Retry selected'),
				el('button', { id: 'cancel-selected', onclick: () => act('cancel', { ids: selected() }, 'Cancelled') },
					'Cancel selected'),
				el('button', { id: 'retry-failed', onclick: () => act('retry-failed',
					Object.fromEntries(readFilters()), 'Retried') }, 'Retry all failed matching the filter'),
				el('span', { class: 'spacer' }),
				el('div', {}, el('label', { for: 'replay-since' }, 'Replay everything since'), replaySince),
				el('button', { id: 'replay-button', onclick: () => {
					if (!replaySince.value) {
						flash('Choose the time to replay from.', true);
						return;
					}
					if (confirm('Send every finished delivery since then again, successful ones too?')) {
						act('replay', { from: new Date(replaySince.value).toISOString(),
							target: params.get('hook') ? 'hook:' + params.get('hook') : params.get('target') }, 'Replayed');
					}
				} }, 'Replay')),
			page.items.length === 0 ? el('p', { class: 'muted', id: 'no-deliveries' }, 'No deliveries match.')
				: el('table', { id: 'deliveries' }, el('thead', {}, el('tr', {},
					el('th', {}, el('input', { type: 'checkbox', id: 'select-all', onchange: (e) =>
						document.querySelectorAll('#deliveries .select').forEach((c) => { c.checked = e.target.checked; }) })),
					['Id', 'Status', 'Target', 'Event', 'Entity', 'Attempts', 'HTTP', 'Created', 'Last error']
						.map((h) => el('th', {}, h)))),
				el('tbody', {}, rows)),
			el('div', { class: 'pager' }, params.get('after') ? el('a', { class: 'button', href: '#/deliveries?'
				+ (() => { const p = new URLSearchParams(params); p.delete('after'); return p; })() }, 'First page') : null,
			next));
	}

	async function delivery(id) {
		const data = await call('GET', api + '/deliveries/' + encodeURIComponent(id));
		const d = data.delivery;
		const act = async (path, verb) => {
			try {
				const result = await call('POST', api + '/deliveries/' + path, { ids: [d.id] });
				flash(verb + ': ' + result.deliveries + ' delivery.');
				delivery(id);
			}
			catch (ex) {
				failed(ex);
			}
		};
		const meta = (label, value) => [el('dt', {}, label), el('dd', {}, value)];
		show(el('h1', {}, 'Delivery ', el('span', { class: 'mono' }, d.id)),
			el('div', { class: 'toolbar' },
				el('span', { id: 'delivery-status' }, status(d.status)),
				el('button', { id: 'retry-this', disabled: !(d.status === 'FAILED' || d.status === 'CANCELLED'),
					onclick: () => act('retry', 'Retried') }, 'Retry'),
				el('button', { id: 'cancel-this', disabled: d.status !== 'PENDING',
					onclick: () => act('cancel', 'Cancelled') }, 'Cancel'),
				el('button', { id: 'reload', onclick: () => delivery(id) }, 'Reload'),
				el('a', { class: 'button', href: '#/deliveries' }, 'Back to the list')),
			el('div', { class: 'panel' }, el('dl', { class: 'meta' },
				meta('Target', targetLink(d.target, d.targetLabel)), meta('Request', el('span', { class: 'mono' }, data.httpMethod + ' ' + data.url)),
				meta('Event', d.eventType), meta('Entity', d.entityType ? d.entityType + ' ' + (d.entityId || '') : ''),
				meta('Created', time(d.createdAt)), meta('Next attempt', d.status === 'PENDING' ? time(d.nextAttemptAt) : ''),
				meta('Completed', time(d.completedAt)), meta('Attempts', d.attemptCount),
				meta('Last error', d.lastError || ''))),
			el('h2', {}, 'Request headers'),
			el('div', { class: 'panel' }, Object.keys(data.headers).length === 0
				? el('p', { class: 'muted' }, 'No extra headers (webhook-id, webhook-timestamp and webhook-signature are '
					+ 'added when sending).')
				: el('dl', { class: 'meta mono', id: 'headers' }, Object.entries(data.headers).map(([n, v]) => meta(n, v)))),
			el('h2', {}, 'Payload'), el('pre', { id: 'payload' }, data.payload),
			el('h2', {}, 'Attempts'),
			data.attempts.length === 0 ? el('p', { class: 'muted', id: 'no-attempts' }, 'No attempt yet.')
				: el('table', { id: 'attempts' }, el('thead', {}, el('tr', {},
					['#', 'Started', 'Duration', 'HTTP status', 'Response', 'Error'].map((h) => el('th', {}, h)))),
				el('tbody', {}, data.attempts.map((a) => el('tr', { 'data-status-code': a.statusCode || '' },
					el('td', {}, a.attemptNumber), el('td', {}, time(a.startedAt)), el('td', {}, a.durationMillis + ' ms'),
					el('td', {}, a.statusCode || ''), el('td', { class: 'mono' }, a.responseExcerpt || ''),
					el('td', { class: 'error' }, a.error || ''))))));
	}

	// ---- start ----

	async function start() {
		try {
			session = await call('GET', api + '/session');
			document.getElementById('user').textContent = session.user ? 'Signed in as ' + session.user : '';
			window.addEventListener('hashchange', () => {
				flash(pendingFlash || '');
				pendingFlash = null;
				route().catch(failed);
			});
			await route();
		}
		catch (ex) {
			failed(ex);
		}
	}

	start();
})();
