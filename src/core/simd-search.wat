;; A needle lives in a slot: its bytes at slot, its case mask at slot + 64, and at slot + 128 three i32: its
;; length n and the two positions p1, p2 the filter compares (see below).
;; find(hay, len, from, slot): the first k in [from, len - n] where, for every j < n,
;; (memory[hay + k + j] | mask[j]) == needle[j]; or -1. A mask byte of 0x20 on a letter makes that letter
;; caseless (the needle holds it in lower case); 0 compares exactly.
;;
;; The generic SIMD filter (memchr's memmem, StringZilla): needle bytes p1 and p2 are compared against 16
;; positions at once, and only where both match is the needle compared in full. While a whole step fits, 64
;; positions are tested with one branch; in an audit log most steps hold no candidate, which is the speed.
;; Loads reach up to 15 bytes past hay + len: callers keep 16 bytes of slack after every haystack.
;;
;; skipLines (below) walks JSON lines with find and a newline search, so that a file's records without the
;; needle, nearly all of them, cost no JavaScript at all.
(module
  (memory (export "memory") 64)
  (func $find (export "find") (param $hay i32) (param $len i32) (param $from i32) (param $needle i32) (result i32)
    (local $mask i32) (local $n i32) (local $p1 i32) (local $p2 i32)
    (local $i i32) (local $last i32) (local $bits i32) (local $k i32) (local $j i32) (local $a1 i32) (local $a2 i32)
    (local $m1 v128) (local $m2 v128) (local $b1 v128) (local $b2 v128)
    (local.set $mask (i32.add (local.get $needle) (i32.const 64)))
    (local.set $n (i32.load offset=128 (local.get $needle)))
    (local.set $p1 (i32.load offset=132 (local.get $needle)))
    (local.set $p2 (i32.load offset=136 (local.get $needle)))
    (local.set $last (i32.sub (local.get $len) (local.get $n)))
    (if (i32.gt_s (local.get $from) (local.get $last)) (then (return (i32.const -1))))
    (local.set $b1 (i8x16.splat (i32.load8_u (i32.add (local.get $needle) (local.get $p1)))))
    (local.set $b2 (i8x16.splat (i32.load8_u (i32.add (local.get $needle) (local.get $p2)))))
    (local.set $m1 (i8x16.splat (i32.load8_u (i32.add (local.get $mask) (local.get $p1)))))
    (local.set $m2 (i8x16.splat (i32.load8_u (i32.add (local.get $mask) (local.get $p2)))))
    (local.set $i (local.get $from))
    (block $done
      (loop $scan
        ;; 64 positions per step, one test for all four blocks of 16.
        (block $slow
          (loop $fast
            (br_if $slow (i32.gt_s (i32.add (local.get $i) (i32.const 48)) (local.get $last)))
            (local.set $a1 (i32.add (i32.add (local.get $hay) (local.get $i)) (local.get $p1)))
            (local.set $a2 (i32.add (i32.add (local.get $hay) (local.get $i)) (local.get $p2)))
            (br_if $slow (v128.any_true (v128.or
              (v128.or
                (v128.and
                  (i8x16.eq (v128.or (v128.load offset=0 (local.get $a1)) (local.get $m1)) (local.get $b1))
                  (i8x16.eq (v128.or (v128.load offset=0 (local.get $a2)) (local.get $m2)) (local.get $b2)))
                (v128.and
                  (i8x16.eq (v128.or (v128.load offset=16 (local.get $a1)) (local.get $m1)) (local.get $b1))
                  (i8x16.eq (v128.or (v128.load offset=16 (local.get $a2)) (local.get $m2)) (local.get $b2))))
              (v128.or
                (v128.and
                  (i8x16.eq (v128.or (v128.load offset=32 (local.get $a1)) (local.get $m1)) (local.get $b1))
                  (i8x16.eq (v128.or (v128.load offset=32 (local.get $a2)) (local.get $m2)) (local.get $b2)))
                (v128.and
                  (i8x16.eq (v128.or (v128.load offset=48 (local.get $a1)) (local.get $m1)) (local.get $b1))
                  (i8x16.eq (v128.or (v128.load offset=48 (local.get $a2)) (local.get $m2)) (local.get $b2)))))))
            (local.set $i (i32.add (local.get $i) (i32.const 64)))
            (br $fast)))
        ;; One block of 16 positions, each candidate compared in full.
        (br_if $done (i32.gt_s (local.get $i) (local.get $last)))
        (local.set $bits (i8x16.bitmask (v128.and
          (i8x16.eq (v128.or (v128.load (i32.add (i32.add (local.get $hay) (local.get $i)) (local.get $p1))) (local.get $m1)) (local.get $b1))
          (i8x16.eq (v128.or (v128.load (i32.add (i32.add (local.get $hay) (local.get $i)) (local.get $p2))) (local.get $m2)) (local.get $b2)))))
        (block $next
          (loop $candidates
            (br_if $next (i32.eqz (local.get $bits)))
            (local.set $k (i32.add (local.get $i) (i32.ctz (local.get $bits))))
            (if (i32.gt_s (local.get $k) (local.get $last)) (then (return (i32.const -1))))
            (local.set $j (i32.const 0))
            (block $mismatch
              (loop $compare
                (if (i32.eq (local.get $j) (local.get $n)) (then (return (local.get $k))))
                (br_if $mismatch (i32.ne
                  (i32.or (i32.load8_u (i32.add (i32.add (local.get $hay) (local.get $k)) (local.get $j)))
                          (i32.load8_u (i32.add (local.get $mask) (local.get $j))))
                  (i32.load8_u (i32.add (local.get $needle) (local.get $j)))))
                (local.set $j (i32.add (local.get $j) (i32.const 1)))
                (br $compare)))
            (local.set $bits (i32.and (local.get $bits) (i32.sub (local.get $bits) (i32.const 1))))
            (br $candidates)))
        (local.set $i (i32.add (local.get $i) (i32.const 16)))
        (br $scan)))
    (i32.const -1))

  ;; The first newline in [from, len), or -1. 64 bytes per step while a whole step fits, then 16, then one.
  (func $newline (param $hay i32) (param $len i32) (param $from i32) (result i32)
    (local $i i32) (local $a i32) (local $bits i32) (local $lf v128)
    (local.set $lf (i8x16.splat (i32.const 10)))
    (local.set $i (local.get $from))
    (block $slow
      (loop $fast
        (br_if $slow (i32.gt_s (i32.add (local.get $i) (i32.const 64)) (local.get $len)))
        (local.set $a (i32.add (local.get $hay) (local.get $i)))
        (br_if $slow (v128.any_true (v128.or
          (v128.or (i8x16.eq (v128.load offset=0 (local.get $a)) (local.get $lf)) (i8x16.eq (v128.load offset=16 (local.get $a)) (local.get $lf)))
          (v128.or (i8x16.eq (v128.load offset=32 (local.get $a)) (local.get $lf)) (i8x16.eq (v128.load offset=48 (local.get $a)) (local.get $lf))))))
        (local.set $i (i32.add (local.get $i) (i32.const 64)))
        (br $fast)))
    (block $tail
      (loop $block16
        (br_if $tail (i32.gt_s (i32.add (local.get $i) (i32.const 16)) (local.get $len)))
        (local.set $bits (i8x16.bitmask (i8x16.eq (v128.load (i32.add (local.get $hay) (local.get $i))) (local.get $lf))))
        (if (local.get $bits) (then (return (i32.add (local.get $i) (i32.ctz (local.get $bits))))))
        (local.set $i (i32.add (local.get $i) (i32.const 16)))
        (br $block16)))
    (block $none
      (loop $byte
        (br_if $none (i32.ge_s (local.get $i) (local.get $len)))
        (if (i32.eq (i32.load8_u (i32.add (local.get $hay) (local.get $i))) (i32.const 10)) (then (return (local.get $i))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $byte)))
    (i32.const -1))

  (func $isSpace (param $b i32) (result i32)
    (i32.or (i32.or (i32.eq (local.get $b) (i32.const 0x20)) (i32.eq (local.get $b) (i32.const 0x0a)))
            (i32.or (i32.eq (local.get $b) (i32.const 0x0d)) (i32.eq (local.get $b) (i32.const 0x09)))))

  ;; Whether hay[a, z), trimmed of JSON white space, opens with { and closes with }.
  (func $whole (param $hay i32) (param $a i32) (param $z i32) (result i32)
    (block $done
      (loop $front
        (br_if $done (i32.ge_s (local.get $a) (local.get $z)))
        (br_if $done (i32.eqz (call $isSpace (i32.load8_u (i32.add (local.get $hay) (local.get $a))))))
        (local.set $a (i32.add (local.get $a) (i32.const 1)))
        (br $front)))
    (block $done
      (loop $back
        (br_if $done (i32.le_s (local.get $z) (local.get $a)))
        (br_if $done (i32.eqz (call $isSpace (i32.load8_u (i32.sub (i32.add (local.get $hay) (local.get $z)) (i32.const 1))))))
        (local.set $z (i32.sub (local.get $z) (i32.const 1)))
        (br $back)))
    (if (i32.ge_s (local.get $a) (local.get $z)) (then (return (i32.const 0))))
    (i32.and (i32.eq (i32.load8_u (i32.add (local.get $hay) (local.get $a))) (i32.const 0x7b))
             (i32.eq (i32.load8_u (i32.sub (i32.add (local.get $hay) (local.get $z)) (i32.const 1))) (i32.const 0x7d))))

  ;; JSON lines, from `p`, a line start: skips every line that is a whole record {...} and either lacks the
  ;; `select` needle or names neither `also1` nor `also2` (0: no such needle). Returns the start of the first
  ;; line not skipped and writes, at `out`, three i32: how many lines were skipped, that line's newline (-1
  ;; when none follows in the haystack), and the first `select` needle at or after the returned start (-1 when
  ;; there is none; `hit` is that position as far as the caller knows, -2 when unknown).
  (func (export "skipLines") (param $hay i32) (param $len i32) (param $p i32) (param $hit i32)
        (param $select i32) (param $also1 i32) (param $also2 i32) (param $out i32) (result i32)
    (local $nl i32) (local $skipped i32)
    (block $stop
      (loop $line
        (local.set $nl (call $newline (local.get $hay) (local.get $len) (local.get $p)))
        (br_if $stop (i32.eq (local.get $nl) (i32.const -1)))
        (if (i32.and (i32.ne (local.get $hit) (i32.const -1)) (i32.lt_s (local.get $hit) (local.get $p)))
          (then (local.set $hit (call $find (local.get $hay) (local.get $len) (local.get $p) (local.get $select)))))
        (if (i32.and (i32.ne (local.get $hit) (i32.const -1)) (i32.lt_s (local.get $hit) (local.get $nl)))
          (then
            ;; The line holds the needle: it is the caller's unless it names neither of the others.
            (br_if $stop (i32.eqz (local.get $also1)))
            (br_if $stop (i32.ne (call $find (local.get $hay) (local.get $nl) (local.get $p) (local.get $also1)) (i32.const -1)))
            (if (local.get $also2)
              (then (br_if $stop (i32.ne (call $find (local.get $hay) (local.get $nl) (local.get $p) (local.get $also2)) (i32.const -1)))))))
        (br_if $stop (i32.eqz (call $whole (local.get $hay) (local.get $p) (local.get $nl))))
        (local.set $skipped (i32.add (local.get $skipped) (i32.const 1)))
        (local.set $p (i32.add (local.get $nl) (i32.const 1)))
        (br $line)))
    (i32.store offset=0 (local.get $out) (local.get $skipped))
    (i32.store offset=4 (local.get $out) (local.get $nl))
    (i32.store offset=8 (local.get $out) (local.get $hit))
    (local.get $p))

  ;; How many bytes in hay[0, len) equal `byte`: 16 per step, then one at a time.
  (func $countByte (export "countByte") (param $hay i32) (param $len i32) (param $byte i32) (result i32)
    (local $i i32) (local $count i32) (local $pattern v128)
    (local.set $pattern (i8x16.splat (local.get $byte)))
    (block $tail
      (loop $block16
        (br_if $tail (i32.gt_s (i32.add (local.get $i) (i32.const 16)) (local.get $len)))
        (local.set $count (i32.add (local.get $count)
          (i32.popcnt (i8x16.bitmask (i8x16.eq (v128.load (i32.add (local.get $hay) (local.get $i))) (local.get $pattern))))))
        (local.set $i (i32.add (local.get $i) (i32.const 16)))
        (br $block16)))
    (block $done
      (loop $one
        (br_if $done (i32.ge_s (local.get $i) (local.get $len)))
        (if (i32.eq (i32.load8_u (i32.add (local.get $hay) (local.get $i))) (local.get $byte))
          (then (local.set $count (i32.add (local.get $count) (i32.const 1)))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $one)))
    (local.get $count))

  ;; CSV, from `p`, a row start outside quotes: skips every row that is one line (its quotes balance), not
  ;; blank, and without the `select` needle. Returns the start of the first row not skipped and writes at
  ;; `out` what skipLines writes (lines skipped, that row's first newline or -1, the next needle or -1).
  (func (export "skipRows") (param $hay i32) (param $len i32) (param $p i32) (param $hit i32) (param $select i32) (param $out i32) (result i32)
    (local $nl i32) (local $skipped i32) (local $end i32)
    (block $stop
      (loop $row
        (local.set $nl (call $newline (local.get $hay) (local.get $len) (local.get $p)))
        (br_if $stop (i32.eq (local.get $nl) (i32.const -1)))
        (br_if $stop (i32.and (call $countByte (i32.add (local.get $hay) (local.get $p)) (i32.sub (local.get $nl) (local.get $p)) (i32.const 0x22)) (i32.const 1)))
        (if (i32.and (i32.ne (local.get $hit) (i32.const -1)) (i32.lt_s (local.get $hit) (local.get $p)))
          (then (local.set $hit (call $find (local.get $hay) (local.get $len) (local.get $p) (local.get $select)))))
        (br_if $stop (i32.and (i32.ne (local.get $hit) (i32.const -1)) (i32.lt_s (local.get $hit) (local.get $nl))))
        (local.set $end (local.get $nl))
        (if (i32.and (i32.gt_s (local.get $nl) (local.get $p)) (i32.eq (i32.load8_u (i32.sub (i32.add (local.get $hay) (local.get $nl)) (i32.const 1))) (i32.const 0x0d)))
          (then (local.set $end (i32.sub (local.get $nl) (i32.const 1)))))
        (br_if $stop (i32.le_s (local.get $end) (local.get $p)))
        (local.set $skipped (i32.add (local.get $skipped) (i32.const 1)))
        (local.set $p (i32.add (local.get $nl) (i32.const 1)))
        (br $row)))
    (i32.store offset=0 (local.get $out) (local.get $skipped))
    (i32.store offset=4 (local.get $out) (local.get $nl))
    (i32.store offset=8 (local.get $out) (local.get $hit))
    (local.get $p))

  ;; tape(hay, len, out, max): whether hay[0, len) is one JSON value, as JSON.parse would take it, and where its
  ;; values at depths 0 to 3 lie (the record is depth 0, its members' values 1, their elements or members 2, and
  ;; theirs 3). Each such value is an entry of five i32 at out, in document order: start, end (past its last
  ;; byte), its key's start and end (-1, -1 in an array), and info: kind (1 string, 2 number, 3 true, 4 false,
  ;; 5 null, 6 object, 7 array) | depth << 4 | flags << 8 (1: the string has escapes, 2: bytes past ASCII, 4: the
  ;; key has escapes) | children << 12 for an object or array. Answers how many entries, -1 where the bytes are
  ;; not JSON (or nest deeper than 64), -2 past `max` entries. Past the entries it keeps its stack, 12 bytes a
  ;; level. Strings are read 16 bytes a step: loads reach 15 bytes past hay + len. A byte past len reads as 0.
  (global $flags (mut i32) (i32.const 0))

  ;; The string whose quote is at i: where it ends (past its closing quote), or -1; its flags in $flags.
  (func $string (param $hay i32) (param $len i32) (param $i i32) (result i32)
    (local $v v128) (local $stops i32) (local $high i32) (local $e i32) (local $k i32)
    (global.set $flags (i32.const 0))
    (local.set $i (i32.add (local.get $i) (i32.const 1)))
    (loop $run
      (local.set $v (v128.load (i32.add (local.get $hay) (local.get $i))))
      (local.set $stops (i8x16.bitmask (v128.or (v128.or
        (i8x16.eq (local.get $v) (i8x16.splat (i32.const 0x22)))
        (i8x16.eq (local.get $v) (i8x16.splat (i32.const 0x5c))))
        (i8x16.lt_u (local.get $v) (i8x16.splat (i32.const 0x20))))))
      (local.set $high (i8x16.bitmask (local.get $v)))
      (if (i32.eqz (local.get $stops))
        (then
          (if (local.get $high) (then (global.set $flags (i32.or (global.get $flags) (i32.const 2)))))
          (local.set $i (i32.add (local.get $i) (i32.const 16)))
          (br_if $run (i32.lt_s (local.get $i) (local.get $len)))
          (return (i32.const -1))))
      (local.set $k (i32.ctz (local.get $stops)))
      (if (i32.and (local.get $high) (i32.sub (i32.shl (i32.const 1) (local.get $k)) (i32.const 1)))
        (then (global.set $flags (i32.or (global.get $flags) (i32.const 2)))))
      (local.set $i (i32.add (local.get $i) (local.get $k)))
      (if (i32.ge_s (local.get $i) (local.get $len)) (then (return (i32.const -1))))
      (local.set $e (i32.load8_u (i32.add (local.get $hay) (local.get $i))))
      (if (i32.eq (local.get $e) (i32.const 0x22)) (then (return (i32.add (local.get $i) (i32.const 1)))))
      (if (i32.ne (local.get $e) (i32.const 0x5c)) (then (return (i32.const -1))))
      ;; An escape: \" \\ \/ \b \f \n \r \t, or \u and four hex digits.
      (global.set $flags (i32.or (global.get $flags) (i32.const 1)))
      (if (i32.ge_s (i32.add (local.get $i) (i32.const 1)) (local.get $len)) (then (return (i32.const -1))))
      (local.set $e (i32.load8_u offset=1 (i32.add (local.get $hay) (local.get $i))))
      (if (i32.eq (local.get $e) (i32.const 0x75))
        (then
          (if (i32.gt_s (i32.add (local.get $i) (i32.const 6)) (local.get $len)) (then (return (i32.const -1))))
          (local.set $k (i32.const 2))
          (loop $hex
            (local.set $e (i32.load8_u (i32.add (i32.add (local.get $hay) (local.get $i)) (local.get $k))))
            (if (i32.eqz (i32.or (i32.lt_u (i32.sub (local.get $e) (i32.const 0x30)) (i32.const 10))
                                 (i32.lt_u (i32.sub (i32.or (local.get $e) (i32.const 0x20)) (i32.const 0x61)) (i32.const 6))))
              (then (return (i32.const -1))))
            (local.set $k (i32.add (local.get $k) (i32.const 1)))
            (br_if $hex (i32.lt_u (local.get $k) (i32.const 6))))
          (local.set $i (i32.add (local.get $i) (i32.const 6))))
        (else
          (if (i32.eqz (i32.or (i32.or (i32.or (i32.eq (local.get $e) (i32.const 0x22)) (i32.eq (local.get $e) (i32.const 0x5c)))
                                       (i32.or (i32.eq (local.get $e) (i32.const 0x2f)) (i32.eq (local.get $e) (i32.const 0x62))))
                               (i32.or (i32.or (i32.eq (local.get $e) (i32.const 0x66)) (i32.eq (local.get $e) (i32.const 0x6e)))
                                       (i32.or (i32.eq (local.get $e) (i32.const 0x72)) (i32.eq (local.get $e) (i32.const 0x74))))))
            (then (return (i32.const -1))))
          (local.set $i (i32.add (local.get $i) (i32.const 2)))))
      (br_if $run (i32.lt_s (local.get $i) (local.get $len))))
    (i32.const -1))

  (func $digit (param $hay i32) (param $len i32) (param $i i32) (result i32)
    (i32.and (i32.lt_s (local.get $i) (local.get $len))
             (i32.lt_u (i32.sub (i32.load8_u (i32.add (local.get $hay) (local.get $i))) (i32.const 0x30)) (i32.const 10))))
  (func $byteAt (param $hay i32) (param $len i32) (param $i i32) (result i32)
    (if (result i32) (i32.lt_s (local.get $i) (local.get $len))
      (then (i32.load8_u (i32.add (local.get $hay) (local.get $i))))
      (else (i32.const 0))))

  ;; A number at i (JSON's grammar: -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)?): where it ends, or -1.
  (func $number (param $hay i32) (param $len i32) (param $i i32) (result i32)
    (if (i32.eq (select (i32.load8_u (i32.add (local.get $hay) (local.get $i))) (i32.const 0) (i32.lt_s (local.get $i) (local.get $len))) (i32.const 0x2d))
      (then (local.set $i (i32.add (local.get $i) (i32.const 1)))))
    (if (i32.eq (select (i32.load8_u (i32.add (local.get $hay) (local.get $i))) (i32.const 0) (i32.lt_s (local.get $i) (local.get $len))) (i32.const 0x30))
      (then (local.set $i (i32.add (local.get $i) (i32.const 1))))
      (else
        (if (i32.eqz (call $digit (local.get $hay) (local.get $len) (local.get $i))) (then (return (i32.const -1))))
        (loop $int
          (local.set $i (i32.add (local.get $i) (i32.const 1)))
          (br_if $int (call $digit (local.get $hay) (local.get $len) (local.get $i))))))
    (if (i32.eq (select (i32.load8_u (i32.add (local.get $hay) (local.get $i))) (i32.const 0) (i32.lt_s (local.get $i) (local.get $len))) (i32.const 0x2e))
      (then
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (if (i32.eqz (call $digit (local.get $hay) (local.get $len) (local.get $i))) (then (return (i32.const -1))))
        (loop $fraction
          (local.set $i (i32.add (local.get $i) (i32.const 1)))
          (br_if $fraction (call $digit (local.get $hay) (local.get $len) (local.get $i))))))
    (if (i32.eq (i32.or (select (i32.load8_u (i32.add (local.get $hay) (local.get $i))) (i32.const 0) (i32.lt_s (local.get $i) (local.get $len))) (i32.const 0x20)) (i32.const 0x65))
      (then
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (if (i32.or (i32.eq (select (i32.load8_u (i32.add (local.get $hay) (local.get $i))) (i32.const 0) (i32.lt_s (local.get $i) (local.get $len))) (i32.const 0x2b))
                    (i32.eq (select (i32.load8_u (i32.add (local.get $hay) (local.get $i))) (i32.const 0) (i32.lt_s (local.get $i) (local.get $len))) (i32.const 0x2d)))
          (then (local.set $i (i32.add (local.get $i) (i32.const 1)))))
        (if (i32.eqz (call $digit (local.get $hay) (local.get $len) (local.get $i))) (then (return (i32.const -1))))
        (loop $exponent
          (local.set $i (i32.add (local.get $i) (i32.const 1)))
          (br_if $exponent (call $digit (local.get $hay) (local.get $len) (local.get $i))))))
    (local.get $i))

  ;; true, false or null at i, its first byte b: where it ends, or -1 (the words' bytes as little-endian i32s).
  (func $literal (param $hay i32) (param $len i32) (param $i i32) (param $b i32) (result i32)
    (if (i32.eq (local.get $b) (i32.const 0x66))
      (then
        (if (i32.gt_s (i32.add (local.get $i) (i32.const 5)) (local.get $len)) (then (return (i32.const -1))))
        (if (i32.ne (i32.load (i32.add (i32.add (local.get $hay) (local.get $i)) (i32.const 1))) (i32.const 0x65736c61)) (then (return (i32.const -1))))
        (return (i32.add (local.get $i) (i32.const 5)))))
    (if (i32.gt_s (i32.add (local.get $i) (i32.const 4)) (local.get $len)) (then (return (i32.const -1))))
    (if (i32.ne (i32.load (i32.add (local.get $hay) (local.get $i)))
                (select (i32.const 0x65757274) (i32.const 0x6c6c756e) (i32.eq (local.get $b) (i32.const 0x74))))
      (then (return (i32.const -1))))
    (i32.add (local.get $i) (i32.const 4)))

  ;; Past JSON white space from i (space, tab, CR, LF: one comparison against a bit mask of them).
  (func $space (param $hay i32) (param $len i32) (param $i i32) (result i32)
    (local $b i32)
    (block $done
      (loop $skip
        (br_if $done (i32.ge_s (local.get $i) (local.get $len)))
        (local.set $b (i32.load8_u (i32.add (local.get $hay) (local.get $i))))
        (br_if $done (i32.gt_u (local.get $b) (i32.const 0x20)))
        (br_if $done (i64.eqz (i64.and (i64.shr_u (i64.const 0x100002600) (i64.extend_i32_u (local.get $b))) (i64.const 1))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $skip)))
    (local.get $i))

  (func (export "tape") (param $hay i32) (param $len i32) (param $out i32) (param $max i32) (result i32)
    (local $i i32) (local $b i32) (local $n i32) (local $depth i32) (local $state i32) (local $end i32)
    (local $kind i32) (local $keyStart i32) (local $keyEnd i32) (local $keyFlags i32) (local $stack i32)
    (local $top i32) (local $entry i32)
    ;; state 0: a value is due; 1: a key (or the object's end) is due; 2: a value has ended.
    (local.set $stack (i32.add (local.get $out) (i32.mul (local.get $max) (i32.const 20))))
    (local.set $keyStart (i32.const -1))
    (local.set $keyEnd (i32.const -1))
    (local.set $i (i32.const 0))
              (if (i32.le_u (select (i32.load8_u (i32.add (local.get $hay) (local.get $i))) (i32.const 0) (i32.lt_s (local.get $i) (local.get $len))) (i32.const 0x20))
                (then (local.set $i (call $space (local.get $hay) (local.get $len) (local.get $i)))))
    (loop $step
      (if (i32.eqz (local.get $state))
        (then
          (local.set $b (select (i32.load8_u (i32.add (local.get $hay) (local.get $i))) (i32.const 0) (i32.lt_s (local.get $i) (local.get $len))))
          (if (i32.or (i32.eq (local.get $b) (i32.const 0x7b)) (i32.eq (local.get $b) (i32.const 0x5b)))
            (then
              (if (i32.ge_s (local.get $depth) (i32.const 64)) (then (return (i32.const -1))))
              (local.set $entry (i32.const -1))
              (if (i32.le_s (local.get $depth) (i32.const 3))
                (then
                  (if (i32.ge_s (local.get $n) (local.get $max)) (then (return (i32.const -2))))
                  (local.set $entry (i32.add (local.get $out) (i32.mul (local.get $n) (i32.const 20))))
                  (i32.store offset=0 (local.get $entry) (local.get $i))
                  (i32.store offset=8 (local.get $entry) (local.get $keyStart))
                  (i32.store offset=12 (local.get $entry) (local.get $keyEnd))
                  (i32.store offset=16 (local.get $entry) (i32.or (i32.or
                    (select (i32.const 6) (i32.const 7) (i32.eq (local.get $b) (i32.const 0x7b)))
                    (i32.shl (local.get $depth) (i32.const 4))) (i32.shl (local.get $keyFlags) (i32.const 8))))
                  (local.set $n (i32.add (local.get $n) (i32.const 1)))))
              (local.set $top (i32.add (local.get $stack) (i32.mul (local.get $depth) (i32.const 12))))
              (i32.store offset=0 (local.get $top) (local.get $b))
              (i32.store offset=4 (local.get $top) (local.get $entry))
              (i32.store offset=8 (local.get $top) (i32.const 0))
              (local.set $depth (i32.add (local.get $depth) (i32.const 1)))
              (local.set $i (i32.add (local.get $i) (i32.const 1)))
              (if (i32.le_u (select (i32.load8_u (i32.add (local.get $hay) (local.get $i))) (i32.const 0) (i32.lt_s (local.get $i) (local.get $len))) (i32.const 0x20))
                (then (local.set $i (call $space (local.get $hay) (local.get $len) (local.get $i)))))
              (local.set $keyStart (i32.const -1))
              (local.set $keyEnd (i32.const -1))
              (local.set $keyFlags (i32.const 0))
              (if (i32.eq (select (i32.load8_u (i32.add (local.get $hay) (local.get $i))) (i32.const 0) (i32.lt_s (local.get $i) (local.get $len))) (i32.add (local.get $b) (i32.const 2)))
                (then
                  ;; Empty: it closes here, never pushed.
                  (local.set $depth (i32.sub (local.get $depth) (i32.const 1)))
                  (local.set $i (i32.add (local.get $i) (i32.const 1)))
                  (if (i32.ge_s (local.get $entry) (i32.const 0)) (then (i32.store offset=4 (local.get $entry) (local.get $i))))
                  (local.set $state (i32.const 2))
                  (br $step)))
              (local.set $state (select (i32.const 1) (i32.const 0) (i32.eq (local.get $b) (i32.const 0x7b))))
              (br $step)))
          (global.set $flags (i32.const 0))
          (if (i32.eq (local.get $b) (i32.const 0x22))
            (then (local.set $end (call $string (local.get $hay) (local.get $len) (local.get $i))) (local.set $kind (i32.const 1)))
            (else
              (if (i32.or (i32.or (i32.eq (local.get $b) (i32.const 0x74)) (i32.eq (local.get $b) (i32.const 0x66))) (i32.eq (local.get $b) (i32.const 0x6e)))
                (then
                  (local.set $end (call $literal (local.get $hay) (local.get $len) (local.get $i) (local.get $b)))
                  (local.set $kind (select (i32.const 3) (select (i32.const 4) (i32.const 5) (i32.eq (local.get $b) (i32.const 0x66))) (i32.eq (local.get $b) (i32.const 0x74)))))
                (else (local.set $end (call $number (local.get $hay) (local.get $len) (local.get $i))) (local.set $kind (i32.const 2))))))
          (if (i32.lt_s (local.get $end) (i32.const 0)) (then (return (i32.const -1))))
          (if (i32.le_s (local.get $depth) (i32.const 3))
            (then
              (if (i32.ge_s (local.get $n) (local.get $max)) (then (return (i32.const -2))))
              (local.set $entry (i32.add (local.get $out) (i32.mul (local.get $n) (i32.const 20))))
              (i32.store offset=0 (local.get $entry) (local.get $i))
              (i32.store offset=4 (local.get $entry) (local.get $end))
              (i32.store offset=8 (local.get $entry) (local.get $keyStart))
              (i32.store offset=12 (local.get $entry) (local.get $keyEnd))
              (i32.store offset=16 (local.get $entry) (i32.or (i32.or (local.get $kind) (i32.shl (local.get $depth) (i32.const 4)))
                (i32.shl (i32.or (global.get $flags) (local.get $keyFlags)) (i32.const 8))))
              (local.set $n (i32.add (local.get $n) (i32.const 1)))))
          (local.set $i (local.get $end))
          (local.set $state (i32.const 2))
          (br $step)))
      (if (i32.eq (local.get $state) (i32.const 1))
        (then
          (if (i32.ne (select (i32.load8_u (i32.add (local.get $hay) (local.get $i))) (i32.const 0) (i32.lt_s (local.get $i) (local.get $len))) (i32.const 0x22)) (then (return (i32.const -1))))
          (local.set $end (call $string (local.get $hay) (local.get $len) (local.get $i)))
          (if (i32.lt_s (local.get $end) (i32.const 0)) (then (return (i32.const -1))))
          (local.set $keyStart (i32.add (local.get $i) (i32.const 1)))
          (local.set $keyEnd (i32.sub (local.get $end) (i32.const 1)))
          (local.set $keyFlags (select (i32.const 4) (i32.const 0) (i32.and (global.get $flags) (i32.const 1))))
          (local.set $i (local.get $end))
              (if (i32.le_u (select (i32.load8_u (i32.add (local.get $hay) (local.get $i))) (i32.const 0) (i32.lt_s (local.get $i) (local.get $len))) (i32.const 0x20))
                (then (local.set $i (call $space (local.get $hay) (local.get $len) (local.get $i)))))
          (if (i32.ne (select (i32.load8_u (i32.add (local.get $hay) (local.get $i))) (i32.const 0) (i32.lt_s (local.get $i) (local.get $len))) (i32.const 0x3a)) (then (return (i32.const -1))))
          (local.set $i (i32.add (local.get $i) (i32.const 1)))
              (if (i32.le_u (select (i32.load8_u (i32.add (local.get $hay) (local.get $i))) (i32.const 0) (i32.lt_s (local.get $i) (local.get $len))) (i32.const 0x20))
                (then (local.set $i (call $space (local.get $hay) (local.get $len) (local.get $i)))))
          (local.set $state (i32.const 0))
          (br $step)))
      ;; A value has ended: the record's, or a member's or element's.
      (local.set $keyStart (i32.const -1))
      (local.set $keyEnd (i32.const -1))
      (local.set $keyFlags (i32.const 0))
      (local.set $i (local.get $i))
              (if (i32.le_u (select (i32.load8_u (i32.add (local.get $hay) (local.get $i))) (i32.const 0) (i32.lt_s (local.get $i) (local.get $len))) (i32.const 0x20))
                (then (local.set $i (call $space (local.get $hay) (local.get $len) (local.get $i)))))
      (if (i32.eqz (local.get $depth))
        (then (return (select (local.get $n) (i32.const -1) (i32.eq (local.get $i) (local.get $len))))))
      (local.set $top (i32.add (local.get $stack) (i32.mul (i32.sub (local.get $depth) (i32.const 1)) (i32.const 12))))
      (i32.store offset=8 (local.get $top) (i32.add (i32.load offset=8 (local.get $top)) (i32.const 1)))
      (local.set $b (select (i32.load8_u (i32.add (local.get $hay) (local.get $i))) (i32.const 0) (i32.lt_s (local.get $i) (local.get $len))))
      (if (i32.eq (local.get $b) (i32.add (i32.load (local.get $top)) (i32.const 2)))
        (then
          ;; The container closes: its entry gets its end and how many children it has.
          (local.set $entry (i32.load offset=4 (local.get $top)))
          (local.set $i (i32.add (local.get $i) (i32.const 1)))
          (if (i32.ge_s (local.get $entry) (i32.const 0))
            (then
              (i32.store offset=4 (local.get $entry) (local.get $i))
              (i32.store offset=16 (local.get $entry) (i32.or (i32.load offset=16 (local.get $entry))
                (i32.shl (i32.load offset=8 (local.get $top)) (i32.const 12))))))
          (local.set $depth (i32.sub (local.get $depth) (i32.const 1)))
          (br $step)))
      (if (i32.ne (local.get $b) (i32.const 0x2c)) (then (return (i32.const -1))))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
              (if (i32.le_u (select (i32.load8_u (i32.add (local.get $hay) (local.get $i))) (i32.const 0) (i32.lt_s (local.get $i) (local.get $len))) (i32.const 0x20))
                (then (local.set $i (call $space (local.get $hay) (local.get $len) (local.get $i)))))
      (local.set $state (select (i32.const 1) (i32.const 0) (i32.eq (i32.load (local.get $top)) (i32.const 0x7b))))
      (br $step))
    (i32.const -1))
)
