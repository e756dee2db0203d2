// Skeleton: replaced by the page itself in this session's work on issue 3.
export default function CampaignsPage() {
  return null;
}
