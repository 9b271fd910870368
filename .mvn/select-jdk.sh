# Sourced by ./mvnw and ./coze-bridge (POSIX sh).
# The project targets Java 21. When JAVA_HOME (or the java on PATH) is older,
# pick the newest Java >= 21 installed under /usr/lib/jvm (COZE_BRIDGE_JVM_ROOT) so a plain ./mvnw works on
# machines whose default JDK is 17. mvnw needs a JDK (bin/javac); the launcher sets cozebridge_tool=java.
cozebridge_java_major() {
  "$1" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p' | head -n 1
}
cozebridge_java="${JAVA_HOME:+$JAVA_HOME/bin/}java"
cozebridge_major=$(cozebridge_java_major "$cozebridge_java" 2>/dev/null || true)
if [ -z "$cozebridge_major" ] || [ "${cozebridge_major%%.*}" -lt 21 ] 2>/dev/null; then
  set +f
  cozebridge_jdks=$(ls -d "${COZE_BRIDGE_JVM_ROOT:-/usr/lib/jvm}"/*/ 2>/dev/null | sort -rV || true)
  set -f
  for cozebridge_jdk in $cozebridge_jdks; do
    if [ -x "${cozebridge_jdk}bin/${cozebridge_tool:-javac}" ]; then
      cozebridge_major=$(cozebridge_java_major "${cozebridge_jdk}bin/java" 2>/dev/null || true)
      if [ -n "$cozebridge_major" ] && [ "${cozebridge_major%%.*}" -ge 21 ] 2>/dev/null; then
        JAVA_HOME="${cozebridge_jdk%/}"
        export JAVA_HOME
        break
      fi
    fi
  done
fi
