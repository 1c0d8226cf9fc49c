# The sample's image: serves both the manager and its workers (a worker is the same image started with the
# PARTITA_* contract variables). Build the sample's jar first (src/sample, an application that depends on Partita):
#   ./mvnw -q -DskipTests install && ./mvnw -q -f src/sample package && docker build -t partita .
# For your own application, copy your Spring Boot jar instead (docs/kubernetes.md, "Workers that start fast").
FROM eclipse-temurin:17-jre AS extract
WORKDIR /build
COPY src/sample/target/ledger-import.jar app.jar
# the layout class-data sharing can read: app.jar and its lib/ (nested jars cannot be archived)
RUN java -Djarmode=tools -jar app.jar extract --layers --destination extracted

FROM eclipse-temurin:17-jre
RUN groupadd --system --gid 10001 partita && useradd --system --uid 10001 --gid 10001 --no-create-home partita
WORKDIR /application
COPY --from=extract --chown=10001:10001 /build/extracted/dependencies/ ./
COPY --from=extract --chown=10001:10001 /build/extracted/spring-boot-loader/ ./
COPY --from=extract --chown=10001:10001 /build/extracted/snapshot-dependencies/ ./
COPY --from=extract --chown=10001:10001 /build/extracted/application/ ./
# workers start no web server: pre-initialising web and JSON classes in the background would only cost them CPU
ENV JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=75 -Djava.io.tmpdir=/tmp -Dspring.backgroundpreinitializer.ignore=true"
# The training run (Spring Boot's class-data-sharing pattern): a worker that exits once its context is refreshed,
# leaving the classes it loaded in application.jsa, from which every pod then starts. Its job repository is an
# in-memory H2 database, since a worker's context connects to one; no step runs.
RUN PARTITA_JOB_EXECUTION_ID=1 PARTITA_STEP_EXECUTION_ID=1 PARTITA_WORKER_STEP=training PARTITA_ATTEMPT=1 \
    SPRING_DATASOURCE_URL=jdbc:h2:mem:training \
    java -XX:ArchiveClassesAtExit=application.jsa -Dspring.context.exit=onRefresh -jar app.jar
USER 10001:10001
ENTRYPOINT ["java", "-XX:SharedArchiveFile=application.jsa", "-jar", "app.jar"]
