;; find(hay, len, from, needle, mask, n, p1, p2): the first k in [from, len - n] where, for every j < n,
;; (memory[hay + k + j] | memory[mask + j]) == memory[needle + j]; or -1. A mask byte of 0x20 on a letter makes
;; that letter caseless (the needle holds it in lower case); 0 compares exactly.
;;
;; The generic SIMD filter (memchr's memmem, StringZilla): needle bytes p1 and p2 are compared against 16
;; positions at once, and only where both match is the needle compared in full. While a whole step fits, 64
;; positions are tested with one branch; in an audit log most steps hold no candidate, which is the speed.
;; Loads reach up to 15 bytes past hay + len: callers keep 16 bytes of slack after every haystack.
(module
  (memory (export "memory") 64)
  (func (export "find") (param $hay i32) (param $len i32) (param $from i32)
        (param $needle i32) (param $mask i32) (param $n i32) (param $p1 i32) (param $p2 i32) (result i32)
    (local $i i32) (local $last i32) (local $bits i32) (local $k i32) (local $j i32) (local $a1 i32) (local $a2 i32)
    (local $m1 v128) (local $m2 v128) (local $b1 v128) (local $b2 v128)
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
    (i32.const -1)))
