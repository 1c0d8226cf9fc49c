# The sample's image: serves both the manager and its workers (a worker is the same image started with the
# PARTITA_* contract variables). Build the sample's jar first (src/sample, an application that depends on Partita):
#   ./mvnw -q -DskipTests install && ./mvnw -q -f src/sample package && docker build -t partita .
# For your own application, copy your Spring Boot jar instead.
FROM eclipse-temurin:17-jre AS extract
WORKDIR /build
COPY src/sample/target/ledger-import.jar app.jar
RUN java -Djarmode=tools -jar app.jar extract --layers --launcher --destination extracted

FROM eclipse-temurin:17-jre
RUN groupadd --system --gid 10001 partita && useradd --system --uid 10001 --gid 10001 --no-create-home partita
WORKDIR /application
COPY --from=extract --chown=10001:10001 /build/extracted/dependencies/ ./
COPY --from=extract --chown=10001:10001 /build/extracted/spring-boot-loader/ ./
COPY --from=extract --chown=10001:10001 /build/extracted/snapshot-dependencies/ ./
COPY --from=extract --chown=10001:10001 /build/extracted/application/ ./
USER 10001:10001
# workers start no web server: pre-initialising web and JSON classes in the background would only cost them CPU
ENV JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=75 -Djava.io.tmpdir=/tmp -Dspring.backgroundpreinitializer.ignore=true"
ENTRYPOINT ["java", "org.springframework.boot.loader.launch.JarLauncher"]
