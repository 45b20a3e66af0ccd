# Sourced by the operator scripts: answers --help (or -h) from the calling script's own header comment, so help
# needs neither a JDK nor a build. Usage: answer_help "$0" "$@"
answer_help() {
  local script="$1" arg
  shift
  for arg in "$@"; do
    case "$arg" in
      -h|--help)
        # the comment block after the shebang, without its '# '
        sed -n '2,/^[^#]/{/^#/s/^# \{0,1\}//p;}' "$script"
        exit 0
        ;;
    esac
  done
}
