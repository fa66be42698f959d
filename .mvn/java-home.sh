# Sourced by ./mvnw, ./jvpn and .ci/run (POSIX sh). Makes JAVA_HOME name a JDK 25 or newer: keeps it when it already
# does, else takes the `java` on the PATH, else the newest-looking JDK 25+ under /usr/lib/jvm. Exits with one line
# saying what to install when there is none.

jvpn_java_major() {
  "$1/bin/java" -version 2>&1 | sed -n '1s/.*version "\([0-9][0-9]*\).*/\1/p'
}

jvpn_java_ok() {
  [ -x "$1/bin/java" ] && [ -x "$1/bin/javac" ] || return 1
  jvpn_major=$(jvpn_java_major "$1")
  [ -n "$jvpn_major" ] && [ "$jvpn_major" -ge 25 ]
}

if [ -z "${JAVA_HOME-}" ] || ! jvpn_java_ok "$JAVA_HOME"; then
  jvpn_found=""
  jvpn_java=$(command -v java 2>/dev/null || true)
  if [ -n "$jvpn_java" ]; then
    jvpn_home=$(dirname "$(dirname "$(readlink -f "$jvpn_java")")")
    if jvpn_java_ok "$jvpn_home"; then jvpn_found=$jvpn_home; fi
  fi
  if [ -z "$jvpn_found" ] && [ -d /usr/lib/jvm ]; then
    for jvpn_home in $(find /usr/lib/jvm -mindepth 1 -maxdepth 1 -type d | sort -r); do
      if jvpn_java_ok "$jvpn_home"; then jvpn_found=$jvpn_home; break; fi
    done
  fi
  if [ -z "$jvpn_found" ]; then
    echo "Jumping VPN needs a JDK 25 or newer: set JAVA_HOME to one, or install one (for example Temurin 25 under /usr/lib/jvm)." >&2
    exit 1
  fi
  if [ -n "${JAVA_HOME-}" ]; then
    echo "note: JAVA_HOME=$JAVA_HOME is older than Java 25; using $jvpn_found" >&2
  fi
  JAVA_HOME=$jvpn_found
  export JAVA_HOME
fi
unset jvpn_found jvpn_java jvpn_home jvpn_major
