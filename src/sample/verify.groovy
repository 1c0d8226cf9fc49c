// Partita's build (./mvnw verify) builds this sample against the installed artifact, then runs a small import with
// it, as README's Quick start does.
def java = new File(System.getProperty('java.home'), 'bin/java').path
def directory = new File(basedir, 'target/quick-start')
directory.mkdirs()
def log = new File(directory, 'output.log')
def process = new ProcessBuilder(java, '-jar', new File(basedir, 'target/ledger-import.jar').path, 'transactions=2000',
		'partitions=2').directory(directory).redirectErrorStream(true).redirectOutput(log).start()
def exited = process.waitFor(300, java.util.concurrent.TimeUnit.SECONDS)
if (!exited) {
	process.destroyForcibly()
}
assert exited: "the sample did not exit by itself:\n$log.text"
assert log.text =~ /Ledger import ledgerImport#\d+ \(job instance \d+\): COMPLETED/: "the sample did not complete:\n$log.text"
// the image's training run and entry point, run against this jar
evaluate(new File(basedir, 'check-dockerfile.groovy'))
true
