// Checks the Dockerfile as far as it can be without a container engine: it interprets the Dockerfile's instructions
// (FROM, WORKDIR, COPY, ENV, RUN, USER, ENTRYPOINT) on this machine, each stage in a directory of its own standing in
// for its file system, against this sample's executable jar, then starts the image's entry point as a worker would,
// requiring the class archive its training run made (-Xshare:on fails the JVM if it cannot map it).
// RUN instructions that manage users are listed and skipped. Called by verify.groovy, with the invoker's `dockerfilePath` and `basedir`.
import groovy.json.JsonSlurper

def java = new File(System.getProperty('java.home'), 'bin/java').path
def javaFeature = Runtime.version().feature()
def root = new File(basedir, 'target/dockerfile-check')
root.deleteDir()
def dockerfileFile = new File(dockerfilePath.toString())
def buildContext = dockerfileFile.parentFile
// the invoker builds this sample in a copy of its own: the build context's sample is this one
def contextFile = { String source -> source.startsWith('src/sample/') ? new File(basedir, source.substring(11)) :
		new File(buildContext, source) }

def instructions = dockerfileFile.text.replaceAll(/\\\n\s*/, ' ').readLines()
		.collect { it.trim() }.findAll { it && !it.startsWith('#') }
def stages = [:]
def stage = null
def entrypoint = null
def skipped = []
def resolve = { String path -> path.startsWith('/') ? new File(stage.root, path) : new File(stage.workdir, path) }
def copy
copy = { File from, File to ->
	if (from.isDirectory()) {
		to.mkdirs()
		from.eachFile { copy(it, new File(to, it.name)) }
	}
	else {
		to.parentFile.mkdirs()
		java.nio.file.Files.copy(from.toPath(), to.toPath(), java.nio.file.StandardCopyOption.REPLACE_EXISTING)
	}
}
def run = { List<String> command, Map<String, String> environment, File directory, File output ->
	def builder = new ProcessBuilder(command).directory(directory).redirectErrorStream(true).redirectOutput(output)
	builder.environment().putAll(environment)
	builder.environment().put('PATH', new File(java).parent + File.pathSeparator + System.getenv('PATH'))
	def process = builder.start()
	assert process.waitFor(300, java.util.concurrent.TimeUnit.SECONDS): "'${command.join(' ')}' did not end:\n$output.text"
	process.exitValue()
}
instructions.eachWithIndex { instruction, index ->
	def (keyword, arguments) = instruction.split(/\s+/, 2).toList()
	switch (keyword) {
		case 'FROM':
			def (image, as, name) = arguments.split(/\s+/).toList() + [null, null]
			assert image ==~ /eclipse-temurin:${javaFeature}-jre/: "$image: this check runs on Java $javaFeature"
			def stageRoot = new File(root, "stage-${stages.size()}")
			stage = [root: stageRoot, workdir: stageRoot, environment: [:]]
			stages[name ?: stages.size().toString()] = stage
			break
		case 'WORKDIR':
			stage.workdir = resolve(arguments)
			stage.workdir.mkdirs()
			break
		case 'COPY':
			def words = arguments.split(/\s+/).toList()
			def from = words.find { it.startsWith('--from=') }?.substring(7)
			def (source, destination) = words.findAll { !it.startsWith('--') }
			def sourceFile = (from != null) ? new File(stages[from].root, source) : contextFile(source)
			assert sourceFile.exists(): "$instruction: $sourceFile does not exist"
			copy(sourceFile, resolve(destination))
			break
		case 'ENV':
			def matcher = arguments =~ /^(\w+)="?(.*?)"?$/
			assert matcher.matches(): "$instruction: one variable per ENV"
			stage.environment[matcher.group(1)] = matcher.group(2)
			break
		case 'RUN':
			if (arguments ==~ /(groupadd|useradd).*/) {
				skipped << arguments
				break
			}
			def output = new File(root, "run-${index}.log")
			def code = run(['sh', '-c', arguments], stage.environment, stage.workdir, output)
			assert code == 0: "$instruction ended with exit code $code:\n$output.text"
			break
		case 'USER':
			break
		case 'ENTRYPOINT':
			entrypoint = new JsonSlurper().parseText(arguments)
			break
		default:
			assert false: "the Dockerfile check does not know $keyword"
	}
}
assert entrypoint != null && entrypoint[0] == 'java': 'the image has no java entry point'
def worker = [entrypoint[0], '-Xshare:on', '-Xlog:cds=info', '-Dspring.context.exit=onRefresh'] + entrypoint.drop(1)
def environment = stage.environment + [PARTITA_JOB_EXECUTION_ID: '1', PARTITA_STEP_EXECUTION_ID: '1',
		PARTITA_WORKER_STEP: 'check', PARTITA_ATTEMPT: '1', SPRING_DATASOURCE_URL: 'jdbc:h2:mem:check']
def output = new File(root, 'entrypoint.log')
def code = run(worker, environment, stage.workdir, output)
assert code == 0: "the image's entry point cannot start from its class archive (exit code $code):\n$output.text"
assert output.text.contains('Mapped dynamic region'): "the entry point did not map the class archive:\n$output.text"
println "Dockerfile check: ${instructions.size()} instructions, skipped ${skipped.size()} (${skipped.join('; ')}); " +
		"the entry point starts from the class archive"
