// Runs the consumer application built by invoker.goals as a user would, and checks that adding Partita changed
// nothing else: what it resolves, that it opens no port (on PostgreSQL; on the embedded H2 only the loopback
// port its workers reach the job repository on), that it exits by itself after its job (on H2 and on PostgreSQL),
// that its grid size reaches the partitioner, and that a failed run restarts with Boot's job runner on and off.

def safetyNet = 300_000L
def java = new File(System.getProperty('java.home'), 'bin/java').path
def jar = new File(basedir, 'target/consumer-1.jar')
def stamp = System.currentTimeMillis()

def optional = ['tomcat', 'jetty', 'undertow', 'spring-boot-starter-web', 'spring-webmvc', 'actuator', 'prometheus',
		'io.fabric8', 'io.vertx', 'io.netty', 'spring-cloud', 'kotlin', 'okhttp', 'jackson-databind:2']
def dependencies = new File(basedir, 'dependencies.txt').readLines().findAll { it.trim() ==~ /[\w.-]+:[\w.-]+:.*/ }
def dragged = dependencies.findAll { dependency -> optional.any { dependency.contains(it) } }
assert dragged.isEmpty(): "Partita brought optional libraries the application did not declare: $dragged"
println "consumer resolves ${dependencies.size()} artifacts, none of them optional to Partita"

// the TCP sockets the process listens on, as hexadecimal local addresses of /proc/net/tcp and tcp6 (none once it
// has exited, which it may do while they are read)
def listeningSockets = { long pid ->
	try {
		def inodes = (new File("/proc/$pid/fd").listFiles() ?: []).collect {
			try { java.nio.file.Files.readSymbolicLink(it.toPath()).toString() } catch (IOException ignored) { '' }
		}.findAll { it.startsWith('socket:[') }.collect { it[8..-2] } as Set
		['tcp', 'tcp6'].collectMany { table ->
			new File("/proc/$pid/net/$table").readLines().drop(1)*.trim()*.split(/\s+/)
					.findAll { it[3] == '0A' && inodes.contains(it[9]) }.collect { it[1] }
		} as Set
	}
	catch (IOException exited) {
		[] as Set
	}
}
def loopback = { String address -> address.split(':')[0] in ['0100007F', '0000000000000000FFFF00000100007F',
		'00000000000000000000000001000000'] }
def listening = [:]

// runs the application in target/runs/<directory> (where the embedded job repository lives)
def run = { String name, List<String> arguments, String directoryName = name ->
	def directory = new File(basedir, "target/runs/$directoryName")
	directory.mkdirs()
	def log = new File(directory, "${name}.log")
	def process = new ProcessBuilder([java, '-jar', jar.path] + arguments).directory(directory).redirectErrorStream(true)
			.redirectOutput(log).start()
	def deadline = System.currentTimeMillis() + safetyNet
	while (process.alive && System.currentTimeMillis() < deadline) {
		listening[name] = (listening[name] ?: [] as Set) + listeningSockets(process.pid())
		process.waitFor(50, java.util.concurrent.TimeUnit.MILLISECONDS)
	}
	def exited = !process.alive
	def output = log.text
	if (!exited) {
		process.destroyForcibly()
	}
	assert exited: "$name: the application did not exit by itself within ${safetyNet / 1000} s after its job:\n$output"
	assert !(output =~ /(Tomcat|Jetty|Netty|Undertow) started on port/): "$name: a web server started:\n$output"
	println "$name: exited with ${process.exitValue()}"
	output
}
def completed = { String name, String output ->
	assert output.contains('3 of 3 partitions completed'): "$name: not 3 partitions of grid size 3:\n$output"
	assert output.contains('and the following status: [COMPLETED]'): "$name: the job did not complete:\n$output"
}

completed('h2', run('h2', ["run=h2-$stamp".toString()]))
// the embedded job repository's server, for the workers, is the one port, on the loopback interface only
assert !listening.h2.isEmpty(): "h2: no listening socket seen, not even the embedded job repository's"
assert listening.h2.every(loopback): "h2: listens beyond the loopback interface: ${listening.h2}"

def postgres = ['--spring.datasource.url=jdbc:postgresql://127.0.0.1:5432/partita', '--spring.datasource.username=partita',
		'--spring.datasource.password=partita', '--spring.batch.jdbc.initialize-schema=always']
completed('postgres', run('postgres', postgres + ["run=pg-$stamp".toString()]))
assert listening.postgres.isEmpty(): "postgres: Partita opened a port: ${listening.postgres}"
println "listening: $listening"

[on: [], off: ['--spring.batch.job.enabled=false']].each { runner, runnerArguments ->
	def name = "restart-job-runner-$runner"
	def marker = new File(basedir, "target/runs/$name-failed-once")
	def failed = run("$name-first", ['--partita.retry.max-attempts=1', "failOnce=$marker.path", "run=$runner-$stamp"]
			.collect { it.toString() })
	def restart = (failed =~ /--partita\.restart=(\d+)/)
	assert restart.find(): "$name: the failed run printed no restart command:\n$failed"
	def restarted = run("$name-restart", ['--partita.retry.max-attempts=1', "--partita.restart=${restart.group(1)}"]
			.collect { it.toString() } + runnerArguments, "$name-first")
	assert restarted.contains('and the following status: [COMPLETED]'): "$name: the restart did not complete:\n$restarted"
	assert restarted.contains('1 of 1 partitions completed'): "$name: the restart ran more than the failed partition:\n$restarted"
}
true
