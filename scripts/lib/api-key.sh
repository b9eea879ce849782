# Sourced by scripts/*.sh. backup_api_key prints the key to send as X-API-Key, read as the services and
# bin/textloom-backup read BACKUP_API_KEY: the environment, else .env.backup (BACKUP_ENV_FILE, else the one in
# the current directory); of a name=key[,name=key] value the first pair's key (abc== stays one bare key).
# Prints nothing when no key is set.
backup_api_key() {
  local setting=${BACKUP_API_KEY:-} file=${BACKUP_ENV_FILE:-.env.backup} first
  if [[ -z $setting && -f $file ]]; then
    setting=$(grep -E '^[[:space:]]*(export[[:space:]]+)?BACKUP_API_KEY=' "$file" | tail -n 1 \
      | sed -E "s/^[^=]*=//; s/[[:space:]]+#.*$//; s/^['\"]//; s/['\"]$//")
  fi
  first=${setting%%,*}
  if [[ $first =~ ^[[:space:]]*([^=[:space:]]+)[[:space:]]*=[[:space:]]*(.*[^=[:space:]].*)$ ]]; then
    first=${BASH_REMATCH[2]}
  fi
  printf '%s' "${first//[[:space:]]/}"
}
