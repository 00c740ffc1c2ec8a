;; FAIL: wit %
;; FAIL[newer]: wit %dir/since-newer-than-package.wat
;; Found by `cargo xtask fuzz` (wit-smith seed 182): a wasm-encoded package
;; with no version whose world type is gated with `@since(version = ...)`.
;; wit-parser decodes it, but the text printed from it does not parse again
;; ("contains a feature gate with a version specifier, so it must have a
;; version"), so weld refuses it at load time.
(component
  (type (;0;)
    (component
      (type (;0;)
        (component
          (type (;0;) string)
          (import "name" (type (;1;) (eq 0)))
        )
      )
      (export (;0;) "fuzz:gates/x" (component (type 0)))
    )
  )
  (export (;1;) "x" (type 0))
  (@custom "package-docs" "\01{\22worlds\22:{\22x\22:{\22types\22:{\22name\22:{\22stability\22:{\22stable\22:{\22since\22:\223.5.3+1.2.0\22}}}}}}}")
)
