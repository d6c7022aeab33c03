/** The built-in Model Prism logo. */
export function Logo({ size = 26 }: { size?: number }) {
  return (
    <svg width={size} height={size} viewBox="0 0 64 64" aria-hidden="true">
      <defs>
        <linearGradient id="prism-g" x1="0" y1="0" x2="1" y2="1">
          <stop offset="0" stopColor="#7950f2" />
          <stop offset="1" stopColor="#15aabf" />
        </linearGradient>
      </defs>
      <path d="M32 4 60 56H4Z" fill="url(#prism-g)" />
      <path d="M32 18 46 46H18Z" fill="#fff" opacity=".35" />
    </svg>
  );
}
