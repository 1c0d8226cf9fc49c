// Partita dashboard: reads the Actuator endpoint 'partita' and draws job executions and the timeline of their
// partitions, one bar per attempt. No framework and nothing from the internet. The page is served with a
// Content-Security-Policy that allows no inline script or style: styles are set through the CSSOM, never as a
// style attribute.
(function () {
	'use strict';

	var REFRESH_MILLIS = 3000;
	var PAGE_SIZE = 20;
	var RUNNING = ['STARTING', 'STARTED', 'STOPPING'];
	var endpoint = null;
	var timer = null;

	function $(id) {
		return document.getElementById(id);
	}

	function element(tag, attributes, text) {
		var node = document.createElement(tag);
		Object.keys(attributes || {}).forEach(function (name) {
			if (name === 'style') {
				Object.keys(attributes.style).forEach(function (property) {
					node.style.setProperty(property, attributes.style[property]);
				});
			}
			else {
				node.setAttribute(name, attributes[name]);
			}
		});
		if (text !== undefined && text !== null) {
			node.textContent = String(text);
		}
		return node;
	}

	function isRunning(status) {
		return RUNNING.indexOf(status) >= 0;
	}

	function statusBadge(status) {
		return element('span', { 'class': 'status status-' + status }, status);
	}

	function time(iso) {
		return iso ? new Date(iso).toLocaleString() : '';
	}

	function duration(millis) {
		if (millis === null || millis === undefined) {
			return '';
		}
		if (millis < 1000) {
			return millis + ' ms';
		}
		var seconds = millis / 1000;
		if (seconds < 120) {
			return seconds.toFixed(1) + ' s';
		}
		var minutes = Math.floor(seconds / 60);
		return minutes < 120 ? minutes + ' min ' + Math.round(seconds % 60) + ' s'
			: Math.floor(minutes / 60) + ' h ' + (minutes % 60) + ' min';
	}

	function route() {
		var parameters = new URLSearchParams(location.hash.replace(/^#/, ''));
		return { execution: parameters.get('execution'), page: parseInt(parameters.get('page') || '0', 10) || 0 };
	}

	function showMessage(text) {
		var message = $('message');
		message.textContent = text;
		message.hidden = !text;
	}

	function getJson(url) {
		return fetch(url, { headers: { 'Accept': 'application/json' }, cache: 'no-store' }).then(function (response) {
			return response.json().catch(function () {
				return {};
			}).then(function (body) {
				if (!response.ok) {
					throw new Error(body.message || ('HTTP ' + response.status + ' from ' + url));
				}
				return body;
			});
		});
	}

	function schedule(running) {
		clearTimeout(timer);
		$('refresh-state').textContent = running ? 'refreshing every ' + (REFRESH_MILLIS / 1000) + ' s' : '';
		if (running) {
			timer = setTimeout(render, REFRESH_MILLIS);
		}
	}

	function render() {
		var current = route();
		var view = current.execution ? renderExecution(current.execution) : renderExecutions(current.page);
		return view.then(function (running) {
			showMessage('');
			schedule(running);
		}).catch(function (error) {
			showMessage(error.message);
			schedule(false);
		}).then(function () {
			document.body.setAttribute('data-state', 'loaded');
		});
	}

	function renderExecutions(page) {
		return getJson(endpoint + '?page=' + page + '&size=' + PAGE_SIZE).then(function (body) {
			$('execution').hidden = true;
			$('executions').hidden = false;
			var rows = $('executions').querySelector('tbody');
			rows.textContent = '';
			body.executions.forEach(function (execution) {
				var row = element('tr', { 'class': 'execution', 'data-id': execution.id });
				var link = element('a', { href: '#execution=' + execution.id }, execution.id);
				row.appendChild(element('td')).appendChild(link);
				row.appendChild(element('td', {}, execution.jobName));
				row.appendChild(element('td')).appendChild(statusBadge(execution.status));
				row.appendChild(element('td', {}, time(execution.startTime)));
				var end = execution.endTime ? Date.parse(execution.endTime) : Date.now();
				row.appendChild(element('td', {},
					execution.startTime ? duration(end - Date.parse(execution.startTime)) : ''));
				row.appendChild(element('td', { 'class': 'parameters' }, Object.keys(execution.parameters)
					.map(function (name) {
						return name + '=' + execution.parameters[name];
					}).join(' ')));
				rows.appendChild(row);
			});
			var pages = Math.max(1, Math.ceil(body.total / body.size));
			$('page-info').textContent = 'page ' + (body.page + 1) + ' of ' + pages + ' (' + body.total + ' executions)';
			$('newer').disabled = body.page === 0;
			$('older').disabled = body.page + 1 >= pages;
			$('newer').onclick = function () {
				location.hash = 'page=' + (body.page - 1);
			};
			$('older').onclick = function () {
				location.hash = 'page=' + (body.page + 1);
			};
			return body.executions.some(function (execution) {
				return isRunning(execution.status);
			});
		});
	}

	function renderExecution(id) {
		return getJson(endpoint + '/' + encodeURIComponent(id)).then(function (execution) {
			$('executions').hidden = true;
			$('execution').hidden = false;
			$('execution-title').textContent = execution.jobName + ' #' + execution.id;
			$('execution-title').appendChild(document.createTextNode(' '));
			$('execution-title').appendChild(statusBadge(execution.status));
			var facts = $('execution-facts');
			facts.textContent = '';
			[['Job instance', execution.instanceId], ['Started', time(execution.startTime)],
				['Ended', time(execution.endTime)], ['Duration', duration(execution.durationMillis)],
				['Exit code', execution.exitCode], ['Exit description', execution.exitDescription],
				['Parameters', Object.keys(execution.parameters).map(function (name) {
					return name + '=' + execution.parameters[name];
				}).join(' ')]].forEach(function (fact) {
				if (fact[1] !== null && fact[1] !== undefined && fact[1] !== '') {
					facts.appendChild(element('dt', {}, fact[0]));
					facts.appendChild(element('dd', {}, fact[1]));
				}
			});
			var steps = $('steps');
			steps.textContent = '';
			execution.steps.forEach(function (step) {
				var heading = element('h3', {}, step.name + ' ');
				heading.appendChild(statusBadge(step.status));
				heading.appendChild(document.createTextNode(' ' + duration(step.durationMillis)));
				steps.appendChild(heading);
				if (step.partitions.length > 0) {
					steps.appendChild(legend());
					steps.appendChild(timeline(step.partitions));
				}
			});
			return isRunning(execution.status);
		});
	}

	function legend() {
		var legend = element('div', { 'class': 'legend' });
		[['completed', '--completed'], ['failed', '--failed'], ['stopped', '--stopped'], ['running', '--running']]
			.forEach(function (entry) {
				var swatch = element('span', { style: { '--swatch': 'var(' + entry[1] + ')' } }, entry[0]);
				legend.appendChild(swatch);
			});
		return legend;
	}

	function timeline(partitions) {
		var now = Date.now();
		var start = Infinity;
		var end = -Infinity;
		partitions.forEach(function (partition) {
			partition.attempts.forEach(function (attempt) {
				if (attempt.launchedAt) {
					start = Math.min(start, Date.parse(attempt.launchedAt));
					end = Math.max(end, attempt.endedAt ? Date.parse(attempt.endedAt) : now);
				}
			});
		});
		if (!isFinite(start)) {
			start = now;
			end = now + 1;
		}
		var span = Math.max(1, end - start);
		var container = element('div', { 'class': 'timeline', id: 'timeline' });
		var axis = element('div', { 'class': 'axis' });
		axis.appendChild(element('div', { 'class': 'name' }, 'partition'));
		var ticks = axis.appendChild(element('div', { 'class': 'ticks' }));
		[0, 0.25, 0.5, 0.75, 1].forEach(function (fraction) {
			ticks.appendChild(element('span', { 'class': 'tick', style: { left: (fraction * 100) + '%' } },
				'+' + duration(Math.round(fraction * span))));
		});
		axis.appendChild(element('div', { 'class': 'summary' }, 'attempts'));
		container.appendChild(axis);
		partitions.forEach(function (partition) {
			var row = element('div', { 'class': 'partition', 'data-name': partition.name,
				'data-status': partition.status });
			row.appendChild(element('div', { 'class': 'name', title: partition.name + ' (step execution '
				+ partition.stepExecutionId + ')' }, partition.name));
			var track = row.appendChild(element('div', { 'class': 'track' }));
			partition.attempts.forEach(function (attempt) {
				if (!attempt.launchedAt) {
					return;
				}
				var from = Date.parse(attempt.launchedAt);
				var to = attempt.endedAt ? Date.parse(attempt.endedAt) : now;
				var running = !attempt.endedAt;
				var bar = element('div', {
					'class': 'attempt status-' + attempt.status + (running ? ' running' : ''),
					'data-attempt': attempt.attempt,
					'data-status': attempt.status,
					style: {
						left: ((from - start) / span * 100).toFixed(3) + '%',
						width: (Math.max(0, to - from) / span * 100).toFixed(3) + '%'
					},
					title: describe(attempt)
				}, attempt.attempt);
				track.appendChild(bar);
			});
			row.appendChild(element('div', { 'class': 'summary' }, partition.attempts.length > 0
				? partition.attempts.length + (partition.attempts.length === 1 ? ' attempt' : ' attempts')
				: 'queued'));
			container.appendChild(row);
		});
		return container;
	}

	function describe(attempt) {
		var lines = ['Attempt ' + attempt.attempt + ': ' + attempt.status
			+ (attempt.durationMillis !== null && attempt.durationMillis !== undefined
				? ' after ' + duration(attempt.durationMillis) : '')];
		if (attempt.worker) {
			lines.push('worker ' + attempt.worker + (attempt.pod && attempt.pod !== attempt.worker
				? ', pod ' + attempt.pod : '') + (attempt.node ? ' on ' + attempt.node : ''));
		}
		lines.push(time(attempt.launchedAt) + (attempt.endedAt ? ' to ' + time(attempt.endedAt) : ', running'));
		if (attempt.reason) {
			lines.push(attempt.reason);
		}
		return lines.join('\n');
	}

	window.addEventListener('hashchange', render);
	getJson('endpoint.json').then(function (location) {
		if (!location.endpoint) {
			throw new Error(location.message);
		}
		endpoint = location.endpoint;
		return render();
	}).catch(function (error) {
		showMessage(error.message);
		document.body.setAttribute('data-state', 'loaded');
	});
})();
