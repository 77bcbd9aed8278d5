import { Typography } from '@mantine/core'
import ReactMarkdown from 'react-markdown'

/**
 * Minutes and agendas are written in Markdown (headings, lists, bold). Rendered without raw HTML,
 * and links only to https or mail addresses: stored text can never run in the page.
 */
export function Markdown({ children }: { children: string | null | undefined }) {
  if (!children) return null
  return (
    <Typography className="markdown">
      <ReactMarkdown
        skipHtml
        urlTransform={(url) => (/^(https:|mailto:)/i.test(url) ? url : '')}
        components={{ a: ({ href, children: text }) => (href ? <a href={href} target="_blank" rel="noreferrer noopener">{text}</a> : <span>{text}</span>) }}
      >
        {children}
      </ReactMarkdown>
    </Typography>
  )
}
