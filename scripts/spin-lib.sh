# spin-lib.sh - what the protocol models' checks in tests/spin/ share: that a model names
# exactly the messages it says it models and that proto/*.def declares them, and spin's
# exhaustive safety check of the model and of broken variants of it. Sourced, with
# NAME (the checks' prefix) and MODEL (the .pml file) set.

# sorted: the words of stdin, one a line, sorted, each once.
sorted() { tr ' \t' '\n\n' | grep -v '^$' | sort -u; }

# spin_names_defined EXCHANGE DEFS...: the messages EXCHANGE (words) are declared in the
# .def files DEFS and are exactly the model's mtype names.
spin_names_defined() {
	local exchange=$1 defined modelled missing diff
	shift
	defined=$(sed -n 's/^MSG(\([A-Z0-9_]*\),.*/\1/p' "$@" | sorted)
	modelled=$(awk '/^mtype *= *\{/ { on = 1 } on { print; if (/\}/) exit }' "$MODEL" |
		sed 's/mtype *= *{//; s/}.*//' | tr ',' ' ' | sorted)
	missing=$(comm -23 <(echo "$exchange" | sorted) <(echo "$defined"))
	[ -z "$missing" ] && echo "ok - ${NAME}_exchange_in_defs" ||
		echo "not ok - ${NAME}_exchange_in_defs: not in proto/*.def: $(echo $missing)"
	diff=$(diff <(echo "$exchange" | sorted) <(echo "$modelled") | sed -n 's/^\([<>]\) /\1/p')
	[ -z "$diff" ] && echo "ok - ${NAME}_model_names_exchange" ||
		echo "not ok - ${NAME}_model_names_exchange: < only in the exchange, > only in the model: $(echo $diff)"
}

# spin_verify DIR SPINFLAGS PANFLAGS: spin's exhaustive safety check of MODEL in DIR;
# prints pan's output, status as pan's.
spin_verify() {
	mkdir -p "$1" && cp "$MODEL" "$1/" && (cd "$1" &&
		spin $2 -a "$(basename "$MODEL")" > spin.log 2>&1 && cc -O2 -DSAFETY $3 -o pan pan.c && ./pan -m100000 2>&1)
}

# spin_rejected CHECK BROKEN PANFLAGS: spin finds an error in the model's variant with
# -DBROKEN (so the check can fail); the line is named ${NAME}_CHECK. Silent without spin
# (spin_check says so).
spin_rejected() {
	local check=$1 broken=$2 panflags=$3 work out rc
	command -v spin > /dev/null || return
	work=$(mktemp -d)
	out=$(spin_verify "$work" "-D$broken" "$panflags"); rc=$?
	if [ $rc -eq 0 ] && echo "$out" | grep -q 'errors: [1-9]'; then
		echo "ok - ${NAME}_$check: $(echo "$out" | grep -m1 '^pan:1:')"
	else
		echo "not ok - ${NAME}_$check: spin found no error in $broken"
	fi
	rm -rf "$work"
}

# spin_broken BROKEN PANFLAGS: one more broken variant rejected, as
# ${NAME}_broken_<name>_rejected (<name>: BROKEN without BROKEN_, in lower case).
spin_broken() {
	local name=${1#BROKEN_}
	spin_rejected "broken_${name,,}_rejected" "$1" "$2"
}

# spin_check BROKEN PANFLAGS: the model verified without an error, and its variant with
# -DBROKEN rejected (so the check can fail).
spin_check() {
	local broken=$1 panflags=$2 work out rc states
	if ! command -v spin > /dev/null; then
		echo "not ok - ${NAME}_spin: spin is not installed (make deps)"
		return
	fi
	work=$(mktemp -d)
	out=$(spin_verify "$work/good" "" "$panflags"); rc=$?
	states=$(echo "$out" | sed -n 's/^ *\([0-9]*\) states, stored.*/\1/p')
	if [ $rc -eq 0 ] && echo "$out" | grep -q 'errors: 0' && ! echo "$out" | grep -q 'Search not completed'; then
		echo "ok - ${NAME}_model_verified ($states states, $(echo "$out" | sed -n 's/^pan: elapsed time //p'))"
	else
		echo "not ok - ${NAME}_model_verified: $(echo "$out" | grep -E '^pan:|errors:' | head -3 | tr '\n' ' ')"
	fi
	rm -rf "$work"
	spin_rejected broken_variant_rejected "$broken" "$panflags"
}
