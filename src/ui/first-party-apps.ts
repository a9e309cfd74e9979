// Microsoft first-party application IDs a responder will meet as ClientAppId in MailItemsAccessed records.
// A ClientAppId not listed here is a third-party or tenant-registered application: that is what to hunt for.
// Sources: Microsoft Learn "Verify first-party Microsoft applications in sign-in reports" and the app IDs
// Microsoft documents for its own clients; the list is shipped with the app, never fetched.

const FIRST_PARTY: Record<string, string> = {
  '00000002-0000-0000-c000-000000000000': 'Windows Azure Active Directory',
  '00000002-0000-0ff1-ce00-000000000000': 'Office 365 Exchange Online',
  '00000003-0000-0000-c000-000000000000': 'Microsoft Graph',
  '00000003-0000-0ff1-ce00-000000000000': 'Office 365 SharePoint Online',
  '00000004-0000-0ff1-ce00-000000000000': 'Skype for Business Online',
  '00000005-0000-0ff1-ce00-000000000000': 'Yammer',
  '00000006-0000-0ff1-ce00-000000000000': 'Microsoft Office 365 Portal',
  '00000007-0000-0000-c000-000000000000': 'Dataverse',
  '00000007-0000-0ff1-ce00-000000000000': 'Microsoft Exchange Online Protection',
  '00000009-0000-0000-c000-000000000000': 'Power BI Service',
  '0000000a-0000-0000-c000-000000000000': 'Microsoft Intune',
  '0000000c-0000-0000-c000-000000000000': 'Microsoft App Access Panel',
  '00000012-0000-0000-c000-000000000000': 'Microsoft Rights Management Services',
  '00b41c95-dab0-4487-9791-b9d2c32c80f2': 'Office 365 Management',
  '04b07795-8ddb-461a-bbee-02f9e1bf7b46': 'Microsoft Azure CLI',
  '08e18876-6177-487e-b8b5-cf950c1e598c': 'SharePoint Online Web Client Extensibility',
  '0ec893e0-5785-4de6-99da-4ed124e5296c': 'Office UWP PWA',
  '14d82eec-204b-4c2f-b7e8-296a70dab67e': 'Microsoft Graph Command Line Tools',
  '1950a258-227b-4e31-a9cf-717495945fc2': 'Microsoft Azure PowerShell',
  '1b730954-1685-4b74-9bfd-dac224a7b894': 'Azure Active Directory PowerShell',
  '1fec8e78-bce4-4aaf-ab1b-5451cc387264': 'Microsoft Teams',
  '26a7ee05-5602-4d76-a7ba-eae8b7b67941': 'Windows Search',
  '27922004-5251-4030-b22d-91ecd9a37ea4': 'Outlook Mobile',
  '29d9ed98-a469-4536-ade2-f981bc1d605e': 'Microsoft Authentication Broker',
  '4345a7b9-9a63-4910-a426-35363201d503': 'O365 Suite UX',
  '4765445b-32c6-49b0-83e6-1d93765276ca': 'OfficeHome',
  '4813382a-8fa7-425e-ab75-3b753aab3abb': 'Microsoft Authenticator App',
  '57fb890c-0dab-4253-a5e0-7188c88b2bb4': 'SharePoint Online Client Extensibility',
  '5e3ce6c0-2b1f-4285-8d4b-75ee78787346': 'Microsoft Teams Web Client',
  '66a88757-258c-4c72-893c-3e8bed4d6899': 'Office 365 Search Service',
  '797f4846-ba00-4fd7-ba43-dac1f8f63013': 'Windows Azure Service Management API',
  '872cd9fa-d31f-45e0-9eab-6e460a02d1f1': 'Visual Studio',
  '89bee1f7-5e6e-4d8a-9f3d-ecd601259da7': 'Office365 Shell WCSS-Client',
  '9199bf20-a13f-4107-85dc-02114787ef48': 'One Outlook Web',
  '9bc3ab49-b65d-410a-85ad-de819febfddc': 'Microsoft SharePoint Online Management Shell',
  'a0c73c16-a7e3-4564-9a95-2bdf47383716': 'Microsoft Exchange Online Remote PowerShell',
  'ab9b8c07-8f02-4f72-87fa-80105867a763': 'OneDrive SyncEngine',
  'b26aadf8-566f-4478-926f-589f601d9c74': 'OneDrive',
  'c44b4083-3bb0-49c1-b47d-974e53cbdf3c': 'Azure Portal',
  'cc15fd57-2c6c-4117-a88c-83b1d56b4bbe': 'Microsoft Teams Services',
  'd3590ed6-52b3-4102-aeff-aad2292ab01c': 'Microsoft Office',
  'de8bc8b5-d9f9-48b1-a8ad-b748da725064': 'Graph Explorer',
  'fb78d390-0c51-40cd-8e17-fdbfab77341b': 'Microsoft Exchange REST API Based PowerShell',
};

/** The first-party application's name, or null for an app Microsoft does not ship. */
export function firstPartyName(clientAppId: string): string | null {
  return FIRST_PARTY[clientAppId.trim().toLowerCase()] ?? null;
}
