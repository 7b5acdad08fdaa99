# Debian's busybox, as its own shell, runs this in this kernel (as init:
# test_busybox.py) and on Linux, which made expected.txt:
#   BB=/path/to/busybox busybox sh tests/boot/busybox/script.sh
# Everything printed must be the same on both: files get fixed contents,
# times and modes; what differs by nature (numbers in free, the other
# processes in ps) is reduced to its shape before it is printed.
BB=${BB:-/bin/busybox}
W=${TMPDIR:-/tmp}/bbtest.$$
"$BB" mkdir -p "$W/bin" "$W/t" || exit 1
"$BB" --install -s "$W/bin" || exit 1
PATH=$W/bin
TZ=UTC0
export PATH TZ
cd "$W/t" || exit 1

echo "== shell"
x=5
y=$((x * 3 + 1))
echo "arith $y $((y % 7)) $((1 << 4))"
for i in 1 2 3; do printf '%s-' "$i"; done; echo
n=0
while [ $n -lt 3 ]; do n=$((n + 1)); done
echo "while $n"
false; echo "false $?"
true; echo "true $?"
(exit 7); echo "subshell exit $?"
v=outer
(v=inner; echo "in $v")
echo "out $v"
echo "subst $(echo hi | tr a-z A-Z) nested $(echo $(echo deep))"
echo one > f1
echo two >> f1
cat < f1
ls no-such-file 2> err.txt; echo "ls missing $?"
wc -l < err.txt
echo piped | sed s/piped/PIPED/ | tr A-Z a-z
case foo.c in *.h) echo header;; *.c) echo source;; esac
f() { echo "func $1 $#"; return 3; }
f a b; echo "func status $?"
set -- a "b c" d
echo "args $#"
for a in "$@"; do echo "[$a]"; done
echo "${UNSET:-default} ${#v}"
cat <<END
here $v
END
sh -c 'exit 4'; echo "sh -c $?"
sh -c 'echo "arg0 $0 arg1 $1"' name one
{ echo grouped; echo out; } | wc -l
echo "and" && echo "then"; false || echo "or"
r=$(printf 'a\nb\n' | while read -r l; do echo "<$l>"; done)
echo "read loop $r"
trap 'echo "trapped EXIT"' EXIT
sh -c 'kill -TERM $$; echo not reached'; echo "killed $?"

echo "== files"
mkdir -p d/e/f && echo "mkdir -p $?"
printf 'banana\napple\ncherry\napple\n' > d/fruit.txt
i=1
while [ $i -le 12 ]; do echo "line$i"; i=$((i + 1)); done > d/e/lines.txt
cat d/fruit.txt
wc d/fruit.txt
wc -l d/e/lines.txt
wc -c < d/fruit.txt
echo "-- sort"
sort d/fruit.txt
sort -u d/fruit.txt
sort -r d/fruit.txt
printf '10\n9\n100\n' | sort -n
echo "-- grep"
grep -n apple d/fruit.txt
grep -c an d/fruit.txt
grep -v apple d/fruit.txt
grep -q zzz d/fruit.txt; echo "grep none $?"
grep -rl cherry d
echo "-- sed"
sed -n '2,3p' d/e/lines.txt
sed 's/line/L/;s/1/one/g' d/e/lines.txt | head -n 3
sed '/line1/d' d/e/lines.txt | head -n 2
echo "-- head tail"
head -n 3 d/e/lines.txt
tail -n 2 d/e/lines.txt
tail -c 8 d/e/lines.txt
head -c 5 d/fruit.txt; echo
echo "-- cp mv"
cp d/fruit.txt d/e/copy.txt && cmp d/fruit.txt d/e/copy.txt && echo "cp same"
mv d/e/copy.txt d/e/f/moved.txt && ls d/e/f
ls d/e/copy.txt 2>/dev/null || echo "moved away"
cp -r d/e d/e2 && find d/e2 | sort
echo "-- find"
find d -type f | sort
find d -name '*.txt' | wc -l
find d -type d | sort
find d -name 'l*' | sort
echo "-- xargs"
echo d/fruit.txt d/e/lines.txt | xargs wc -l
find d -name '*.txt' | sort | xargs -n 1 basename
printf 'x\ny\n' | xargs echo items
echo "-- ls"
touch -d '2024-01-02 03:04:05' d/fruit.txt d/e/lines.txt
chmod 640 d/fruit.txt
chmod 755 d/e/lines.txt
ls -l d/fruit.txt d/e/lines.txt
ls -1 d
ls -1a d/e
ls -1 d/e/f
echo "-- rm"
rm -r d/e d/e2 && ls -1 d
rm -r d && ls -1
echo "-- system"
uname -s -m -o
uname -a | awk '{ print $1, (NF >= 5) }'
ps | head -n 1
ps -o pid,comm | awk -v me=$$ '$1 == me { print "ps self:", $2 }'
free | awk '{ print $1, NF }'
cat /proc/self/comm
echo "== end"
cd /
rm -r "$W"
